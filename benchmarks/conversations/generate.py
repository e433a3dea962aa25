#!/usr/bin/env python3
"""Writes labelled.jsonl: the hand-labelled conversation set of benchmarks/run.sh handoff (docs/conversations.md).

Each conversation is written from hand-made lines per domain (airline, telecom, bank, retail, energy, insurance) and
one of seven shapes; the label ("handoff") is the turn at which a human should take over, decided per shape as a
support lead would: the explicit request, the bot's second failure on a question the customer already repeated, the
customer's first frustrated turn after a failure, the distress turn; null when the bot copes. Even-numbered
conversations are the dev split, odd ones the test split. Deterministic (seeded): rerunning rewrites the same file.
"""
import json
import random

DOMAINS = {
    "airline": dict(brand="skyair", channel="web",
        issues=["My suitcase did not arrive in Lisbon", "I need to change my flight to Friday",
                "My flight was cancelled and I have no hotel", "I was charged twice for seat selection",
                "Can I bring my guitar as cabin baggage?"],
        rephrase=["My suitcase did not arrive in Lisbon, it was on flight SA212", "I need to change my flight to Friday, booking ABC123",
                  "My flight got cancelled and I have no hotel tonight", "You charged me twice for seat selection",
                  "Can my guitar come in the cabin with me?"],
        answer=["I have opened a baggage trace, reference LIS-4471. You will get updates by e-mail.",
                "I can move you to Friday's 10:40 flight at no extra cost. Shall I confirm?",
                "I have booked you a hotel voucher near the airport; it is in your e-mail now.",
                "I see the double charge and have refunded one of them; it takes 3-5 days.",
                "Yes, a guitar fits as cabin baggage if it is in a soft case under 115 cm."],
        calm=["What is the baggage allowance on a basic fare?", "Do you fly to Porto in winter?", "How early does check-in open?"],
        calm_answer=["Basic fares include one cabin bag of 8 kg.", "Yes, Porto has daily flights all year.", "Online check-in opens 30 hours before departure."]),
    "telecom": dict(brand="telio", channel="app",
        issues=["My internet has been down since this morning", "My bill is 40 euros higher than usual",
                "I want to cancel my contract", "My phone has no signal at home", "I was promised a router that never came"],
        rephrase=["The internet at my place has been down since this morning", "Why is my bill 40 euros higher than usual",
                  "I would like to cancel the contract", "There is no signal on my phone at home", "The router I was promised never arrived"],
        answer=["There is an outage in your area; the engineers expect it fixed by 3pm.",
                "The difference is roaming in Switzerland last month; here is the breakdown.",
                "I can start the cancellation; your last day would be the 31st.",
                "I have reset your line and sent a signal booster request.",
                "The router is with the courier now, tracking TR-9981, arriving tomorrow."],
        calm=["How do I check my data balance?", "Can I add a second SIM?", "What is your 5G coverage in Ghent?"],
        calm_answer=["Open the app and tap Usage.", "Yes, a second SIM costs 5 euros a month.", "Ghent has full 5G coverage."]),
    "bank": dict(brand="northbank", channel="web",
        issues=["My card was declined at the supermarket", "There is a payment I don't recognise",
                "I can't log in to online banking", "My transfer has not arrived after three days", "I want to raise my overdraft limit"],
        rephrase=["My card got declined at the supermarket", "I don't recognise a payment on my account",
                  "Online banking won't let me log in", "The transfer still has not arrived after three days", "Please raise my overdraft limit"],
        answer=["Your card was blocked after a suspicious attempt; I have unblocked it.",
                "I have frozen the card and opened a dispute for that payment.",
                "I have sent a reset link to your registered phone.",
                "The transfer was held for a check and is released now; it arrives today.",
                "I can offer a limit of 1,000; shall I apply it?"],
        calm=["What are your opening hours on Saturday?", "How do I order a new card?", "What is the interest on the savings account?"],
        calm_answer=["Branches open 9 to 1 on Saturdays.", "Tap Cards, then Order a new card.", "The savings rate is 2.1 percent."]),
    "retail": dict(brand="shoply", channel="web",
        issues=["My order has not arrived", "I received the wrong size", "The blender I bought stopped working",
                "I want a refund for order 5521", "My discount code doesn't work"],
        rephrase=["The order still has not arrived", "You sent me the wrong size", "The blender stopped working after a week",
                  "I want my refund for order 5521", "The discount code is not working"],
        answer=["Your parcel is at the local depot and will be delivered tomorrow.",
                "I have sent a prepaid return label and reserved the right size.",
                "The blender is under warranty; a replacement ships today.",
                "Your refund for order 5521 is approved and will reach your card in 3 days.",
                "I have applied the discount to your basket."],
        calm=["Do you have the trainers in size 42?", "Can I pick up in store?", "How long is the return window?"],
        calm_answer=["Yes, size 42 is in stock.", "Yes, click and collect is free.", "You can return within 30 days."]),
    "energy": dict(brand="voltaic", channel="whatsapp",
        issues=["My meter reading is wrong on the bill", "I have been without power since last night",
                "My direct debit went up by 60 pounds", "I am moving house next week", "The engineer did not turn up"],
        rephrase=["The meter reading on my bill is wrong", "We have had no power since last night",
                  "Why did my direct debit go up by 60 pounds", "I am moving next week", "The engineer never turned up"],
        answer=["Thanks, I have corrected the reading and re-issued the bill.",
                "There is a fault on your street; power should be back by noon.",
                "The increase follows the price cap; I can spread it over 12 months.",
                "I have set up your move; final reading on the 14th.",
                "I am sorry; I have rebooked the engineer for tomorrow 8-12."],
        calm=["How do I submit a meter reading?", "Do you offer a green tariff?", "When is my next bill?"],
        calm_answer=["Send a photo of the meter here.", "Yes, our Green Fix tariff is 100 percent renewable.", "Your next bill is on the 3rd."]),
    "insurance": dict(brand="safeguard", channel="web",
        issues=["I want to make a claim for my car", "My claim was rejected", "My premium doubled at renewal",
                "I need proof of insurance today", "How do I add my son to the policy?"],
        rephrase=["I need to make a claim for my car", "Why was my claim rejected", "The premium doubled at renewal",
                  "I need my proof of insurance today", "I want to add my son to the policy"],
        answer=["I have started claim CL-7781; an assessor will call within a day.",
                "The claim was rejected for a missing report; you can upload it here to reopen it.",
                "The renewal included a no-claims change; I can offer 15 percent off.",
                "Your certificate is in your e-mail now.",
                "You can add him under Drivers; the cost is shown before you confirm."],
        calm=["What does my policy cover abroad?", "Can I pay monthly?", "How do I update my address?"],
        calm_answer=["Your policy covers the EU for 90 days.", "Yes, monthly payments are free of charge.", "Update it under Profile."]),
}

FALLBACKS = ["Sorry, I didn't understand that. Could you rephrase?", "I'm not sure I understand. Could you try again?",
             "Sorry, I didn't get that. Please rephrase your question.", "Here are some help articles that might help."]
HUMAN = ["Can I speak to a real person please", "I want to talk to a human", "Agent please", "Connect me to an agent",
         "Is there a person I can chat with?", "Let me talk to someone who can actually help", "Transfer me to a representative"]
FRUSTRATED = ["I already said that. This is useless", "I already told you twice. Why is this so hard?",
              "That's not what I asked. You're not listening", "This is ridiculous, answer my question",
              "Still not fixed. I'm fed up with this", "For the third time: read what I wrote!!!"]
ANGRY_LATE = ["This is the worst service I have ever had", "I am really angry now, nothing works",
              "Terrible. I've wasted an hour on this"]
DISTRESS = [("I can't take this anymore, I want to end it all", "self_harm"),
            ("I'm stranded alone at the station at night and a man is following me, I feel unsafe", "safety"),
            ("My husband died last week and I need to close his account, I can't cope", "grief"),
            ("Someone keeps sending me threats and abuse after I posted my review", "harassment"),
            ("I have nothing left, I don't see the point of living", "self_harm")]
THANKS = ["Great, thanks!", "Perfect, thank you so much", "OK that works, thanks", "Brilliant, cheers"]
NEG_OK = ["That's really annoying but fine", "Ugh, what a mess. OK, go ahead", "Not great, but thanks for sorting it"]
NO_AGENT = ["No need for an agent, I just want to know one thing", "I don't need a human, just tell me"]


def conv(cid, domain, shape, rnd):
    d = DOMAINS[domain]
    i = rnd.randrange(len(d["issues"]))
    turns = []
    label = None

    def say(speaker, text):
        turns.append({"turnId": "t%d" % (len(turns) + 1), "speaker": speaker, "text": text})
        return turns[-1]["turnId"]

    if shape == "smooth":
        k = rnd.randrange(len(d["calm"]))
        say("customer", d["calm"][k]); say("bot", d["calm_answer"][k])
        if rnd.random() < 0.5:
            k2 = (k + 1) % len(d["calm"])
            say("customer", d["calm"][k2]); say("bot", d["calm_answer"][k2])
        say("customer", rnd.choice(THANKS))
    elif shape == "resolved_negative":
        if rnd.random() < 0.5:
            say("customer", rnd.choice(NO_AGENT))
        say("customer", d["issues"][i]); say("bot", d["answer"][i]); say("customer", rnd.choice(NEG_OK))
        say("bot", "Is there anything else I can help with?"); say("customer", "No, that's all")
    elif shape == "one_fallback_recovers":
        say("customer", d["issues"][i]); say("bot", rnd.choice(FALLBACKS)); say("customer", d["rephrase"][i])
        say("bot", d["answer"][i]); say("customer", rnd.choice(THANKS))
    elif shape == "human_request":
        say("customer", d["issues"][i]); say("bot", d["answer"][(i + 1) % len(d["answer"])])
        if rnd.random() < 0.5:
            say("customer", d["rephrase"][i]); say("bot", "Let me check that for you. " + d["calm_answer"][0])
        label = say("customer", rnd.choice(HUMAN))
        say("bot", "Connecting you now.")
    elif shape == "fallback_loop":
        f = rnd.choice(FALLBACKS)
        say("customer", d["issues"][i]); say("bot", f); say("customer", d["rephrase"][i])
        label = say("bot", f)
        say("customer", rnd.choice(FRUSTRATED))
    elif shape == "rising_frustration":
        say("customer", d["issues"][i]); say("bot", d["answer"][(i + 2) % len(d["answer"])])
        say("customer", "That doesn't answer it. " + d["rephrase"][i])
        say("bot", d["answer"][(i + 3) % len(d["answer"])])
        label = say("customer", rnd.choice(FRUSTRATED))
        say("bot", rnd.choice(FALLBACKS)); say("customer", rnd.choice(ANGRY_LATE))
    elif shape == "distress":
        text, kind = rnd.choice(DISTRESS)
        say("customer", d["issues"][i]); say("bot", d["answer"][i])
        label = say("customer", text)
        say("bot", "I'm sorry to hear that.")
    return {"id": cid, "domain": domain, "brand": d["brand"], "channel": d["channel"], "shape": shape,
            "handoff": label, "turns": turns}


def main():
    rnd = random.Random(24)
    shapes = ["smooth"] * 4 + ["resolved_negative"] * 3 + ["one_fallback_recovers"] * 2 + ["human_request"] * 3 \
        + ["fallback_loop"] * 3 + ["rising_frustration"] * 3 + ["distress"] * 2
    n = 0
    with open("labelled.jsonl", "w") as out:
        for domain in DOMAINS:
            for shape in shapes:
                n += 1
                c = conv("%s-%03d" % (domain, n), domain, shape, rnd)
                c["split"] = "dev" if n % 2 == 0 else "test"
                out.write(json.dumps(c) + "\n")


if __name__ == "__main__":
    main()
