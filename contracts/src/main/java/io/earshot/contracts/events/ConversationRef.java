package io.earshot.contracts.events;

/**
 * Marks a mention as one turn of a live conversation (a chat with a bot, then maybe an agent), posted through the
 * listener's conversation API. {@code id} is the bot platform's conversation id (also the mention's thread root, so
 * the escalation merge key groups a conversation into one case), {@code turnId} the platform's turn id (the mention's
 * externalId is {@link #externalId}: brand, conversation and turn, so two brands may use the same conversation id),
 * {@code speaker} who wrote it and {@code channel} where (web, app,
 * whatsapp, voice...). Bot turns are published too, because the trajectory assessment needs the bot's failures;
 * consumers that count the public's voice (crisis windows, insights) skip them.
 */
public record ConversationRef(String id, String turnId, Speaker speaker, String channel) {

    public enum Speaker {
        customer, bot
    }

    /**
     * The externalId of a turn's mention: {@code <brand>/<conversation>/<turn>}. The brand (lowercase) is in it because
     * conversation ids are the bot platform's, so two brands may use the same one; '/' is in none of the three, so the
     * parts never run into each other.
     */
    public static String externalId(String brand, String conversation, String turnId) {
        return brand.toLowerCase(java.util.Locale.ROOT) + "/" + conversation + "/" + turnId;
    }

    public boolean fromBot() {
        return speaker == Speaker.bot;
    }
}
