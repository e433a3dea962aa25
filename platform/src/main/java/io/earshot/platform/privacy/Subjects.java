package io.earshot.platform.privacy;

import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.ThreadRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every service names a data subject: {@code source:authorId}, and {@code source:@handle} (source and handle
 * lower-cased, leading @ removed), and the checks an {@link ErasureRequest} must pass before anything is erased.
 */
public final class Subjects {
    private Subjects() {}

    /** {@code source:authorId}, or null when either is blank. */
    public static String author(String source, String authorId) {
        return Ids.authorKey(source, authorId);
    }

    /** {@code source:@handle} (handle lower-cased, leading @ removed), or null when either is blank. */
    public static String handle(String source, String handle) {
        String h = bareHandle(handle);
        return blank(source) || h == null ? null : source.trim().toLowerCase(Locale.ROOT) + ":@" + h;
    }

    /** The handle lower-cased without leading @, or null when blank. */
    public static String bareHandle(String handle) {
        if (blank(handle)) {
            return null;
        }
        String h = handle.trim();
        while (h.startsWith("@")) {
            h = h.substring(1);
        }
        return h.isEmpty() ? null : h.toLowerCase(Locale.ROOT);
    }

    /** The subject's keys: {@link #author} and {@link #handle}, those that are present. */
    public static List<String> keys(ErasureRequest.Subject s) {
        List<String> keys = new ArrayList<>(2);
        String author = author(s.source(), s.authorId());
        String handle = handle(s.source(), s.handle());
        if (author != null) {
            keys.add(author);
        }
        if (handle != null) {
            keys.add(handle);
        }
        return keys;
    }

    /** The request if it names a subject (source plus author id or handle) and has an id; else InvalidEventException. */
    public static ErasureRequest validate(ErasureRequest r) {
        if (r.id() == null) {
            throw new InvalidEventException("invalid ErasureRequest: id is missing");
        }
        ErasureRequest.Subject s = r.subject();
        if (s == null) {
            throw new InvalidEventException("invalid ErasureRequest: subject is missing");
        }
        if (blank(s.source())) {
            throw new InvalidEventException("invalid ErasureRequest: subject.source is missing");
        }
        if (r.mentionScoped()) {
            for (ErasureRequest.MentionRef m : r.mentions()) {
                if (m == null || m.id() == null) {
                    throw new InvalidEventException("invalid ErasureRequest: every mention needs an id");
                }
            }
            return r;
        }
        if (author(s.source(), s.authorId()) == null && handle(s.source(), s.handle()) == null) {
            throw new InvalidEventException("invalid ErasureRequest: subject needs authorId or handle");
        }
        return r;
    }

    /** SHA-256 of the subject's keys: what tombstones and logs keep instead of the subject. */
    public static String hash(ErasureRequest.Subject s) {
        return sha256(String.join("|", keys(s)));
    }

    /** {@code mention:<id>}: the key of one mention, for a request that erases single mentions. */
    public static String mention(java.util.UUID id) {
        return "mention:" + id;
    }

    /**
     * SHA-256 of what the request erases: the subject's keys ({@link #hash(ErasureRequest.Subject)}), or the named
     * mentions' keys ({@link #mention}) for a mention-scoped request.
     */
    public static String hash(ErasureRequest r) {
        return !r.mentionScoped()
                ? hash(r.subject())
                : sha256(String.join("|", r.mentionIds().stream().map(Subjects::mention).toList()));
    }

    public static String sha256(String s) {
        return Ids.sha256(s);
    }

    /** What erased personal text is replaced with. */
    public static final String ERASED = "[erased]";

    /** The usable literals (at least two characters, trimmed, distinct ignoring case), longest first. */
    static List<String> usable(Collection<String> literals) {
        java.util.Map<String, String> byLower = new java.util.LinkedHashMap<>();
        for (String l : literals) {
            if (!blank(l) && l.trim().length() >= 2) {
                byLower.putIfAbsent(l.trim().toLowerCase(Locale.ROOT), l.trim());
            }
        }
        List<String> out = new ArrayList<>(byLower.values());
        out.sort(java.util.Comparator.comparingInt(String::length).reversed());
        return out;
    }

    /**
     * A PostgreSQL (ARE) regular expression matching any of {@code literals} as a whole token (not inside a longer
     * word); use with {@code regexp_replace(col, p, '[erased]', 'gi')} and {@code ~*}. Null when no literal is usable.
     */
    public static String sqlPattern(Collection<String> literals) {
        List<String> parts = usable(literals).stream()
                .map(l -> l.replaceAll("([\\\\.^$|?*+()\\[\\]{}-])", "\\\\$1")).toList();
        return parts.isEmpty() ? null : "(?<![[:alnum:]_])(" + String.join("|", parts) + ")(?![[:alnum:]_])";
    }

    /** The Java equivalent of {@link #sqlPattern}: any literal as a whole token, ignoring case; null when none. */
    public static Pattern pattern(Collection<String> literals) {
        List<String> parts = usable(literals).stream().map(Pattern::quote).toList();
        return parts.isEmpty()
                ? null
                : Pattern.compile("(?<![\\p{Alnum}_])(?:" + String.join("|", parts) + ")(?![\\p{Alnum}_])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    }

    /** {@code text} with every match of {@code p} replaced by {@link #ERASED}; null and a null pattern pass through. */
    public static String scrub(String text, Pattern p) {
        return text == null || p == null ? text : p.matcher(text).replaceAll(Matcher.quoteReplacement(ERASED));
    }

    /**
     * The mention without its author's personal data: author id, handle, display name and creation date removed,
     * URL dropped, text replaced by {@link #ERASED}, and the subject's identifiers ({@code p}) scrubbed from the
     * external id and thread ids (some sources build those from the author's id).
     */
    public static Mention anonymise(Mention m, Pattern p) {
        Author a = m.author();
        Author anonymous = a == null ? null : new Author(null, null, null, a.followers(), a.verified(), null);
        ThreadRef t = m.thread() == null
                ? null
                : new ThreadRef(scrub(m.thread().rootId(), p), scrub(m.thread().parentId(), p));
        return new Mention(m.schemaVersion(), m.id(), m.source(), scrub(m.externalId(), p), null, m.brand(),
                m.matchedTerms(), anonymous, ERASED, m.lang(), m.createdAt(), m.fetchedAt(), t, m.pii(), m
                        .nearDuplicate());
    }

    /** The scored mention anonymised ({@link #anonymise(Mention, Pattern)}), its explanations' causes scrubbed too. */
    public static ScoredMention anonymise(ScoredMention sm, Pattern p) {
        Scores sc = sm.scores();
        Scores scrubbed = sc == null || sc.explanation() == null
                ? sc
                : new Scores(sc.sentiment(), sc.label(), sc.emotions(),
                        sc.urgency(), sc.distress(), sc.sarcasm(), sc.topics(), sc.explanation().stream()
                                .map(e -> new Explanation(e.score(), scrub(e.cause(), p), e.delta())).toList());
        return new ScoredMention(sm.schemaVersion(), sm.mention() == null ? null : anonymise(sm.mention(), p), scrubbed,
                sm.modelVersion(), sm.scoredAt());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
