package io.earshot.listener.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses topic queries such as {@code "acme" AND (refund OR outage) NOT job}.
 *
 * <pre>
 * query   := or
 * or      := and ("OR" and)*
 * and     := unary (["AND"] unary)*        -- juxtaposition is an implicit AND
 * unary   := ("NOT" | "-") unary | primary
 * primary := "(" or ")" | '"' phrase '"' | word
 * </pre>
 * Operators are upper case ({@code AND}, {@code OR}, {@code NOT}); lower-case "and"/"or"/"not" are ordinary words.
 * NOT binds tightest, then AND, then OR. A word ending in {@code *} is a prefix. A query must contain at least one
 * positive term (a query that only excludes would match almost everything).
 */
public final class QueryParser {
    public static final int MAX_LENGTH = 2000;
    public static final int MAX_TERMS = 200;
    public static final int MAX_DEPTH = 32;

    private enum Type {
        WORD, PHRASE, AND, OR, NOT, LPAREN, RPAREN, END
    }

    private record Token(Type type, String text, int pos) {}

    private final String input;
    private final List<Token> tokens;
    private int next;
    private int terms;

    private QueryParser(String input) {
        this.input = input;
        this.tokens = lex(input);
    }

    /** Parses a query or throws {@link QueryParseException} naming the position (1-based). */
    public static Query parse(String query) {
        if (query == null || query.isBlank()) {
            throw new QueryParseException("the query is empty", 1);
        }
        if (query.length() > MAX_LENGTH) {
            throw new QueryParseException("the query is longer than " + MAX_LENGTH + " characters", MAX_LENGTH + 1);
        }
        QueryParser p = new QueryParser(query);
        Query q = p.or(0);
        Token t = p.peek();
        if (t.type != Type.END) {
            throw new QueryParseException(t.type == Type.RPAREN ? "unbalanced ')'" : "unexpected '" + t.text + "'",
                    t.pos);
        }
        if (!hasPositive(q)) {
            throw new QueryParseException("the query needs at least one term that is not negated", 1);
        }
        return q;
    }

    private static boolean hasPositive(Query q) {
        if (q instanceof Query.Term) {
            return true;
        }
        if (q instanceof Query.And a) {
            return a.parts().stream().anyMatch(QueryParser::hasPositive);
        }
        if (q instanceof Query.Or o) {
            return o.parts().stream().allMatch(QueryParser::hasPositive);
        }
        return false;
    }

    private Query or(int depth) {
        List<Query> parts = new ArrayList<>();
        parts.add(and(depth));
        while (peek().type == Type.OR) {
            next++;
            parts.add(and(depth));
        }
        return parts.size() == 1 ? parts.get(0) : new Query.Or(List.copyOf(parts));
    }

    private Query and(int depth) {
        List<Query> parts = new ArrayList<>();
        parts.add(unary(depth));
        while (true) {
            Type t = peek().type;
            if (t == Type.AND) {
                next++;
                parts.add(unary(depth));
            } else if (t == Type.WORD || t == Type.PHRASE || t == Type.NOT || t == Type.LPAREN) {
                parts.add(unary(depth)); // implicit AND
            } else {
                break;
            }
        }
        return parts.size() == 1 ? parts.get(0) : new Query.And(List.copyOf(parts));
    }

    private Query unary(int depth) {
        Token t = peek();
        if (t.type == Type.NOT) {
            next++;
            if (depth >= MAX_DEPTH) {
                throw new QueryParseException("the query nests deeper than " + MAX_DEPTH + " levels", t.pos);
            }
            return new Query.Not(unary(depth + 1));
        }
        return primary(depth);
    }

    private Query primary(int depth) {
        Token t = peek();
        switch (t.type) {
            case LPAREN -> {
                if (depth >= MAX_DEPTH) {
                    throw new QueryParseException("the query nests deeper than " + MAX_DEPTH + " levels", t.pos);
                }
                next++;
                if (peek().type == Type.RPAREN) {
                    throw new QueryParseException("empty parentheses", peek().pos);
                }
                Query inner = or(depth + 1);
                Token close = peek();
                if (close.type != Type.RPAREN) {
                    throw new QueryParseException("missing ')' for the '(' at position " + t.pos, close.pos);
                }
                next++;
                return inner;
            }
            case WORD, PHRASE -> {
                next++;
                if (++terms > MAX_TERMS) {
                    throw new QueryParseException("the query has more than " + MAX_TERMS + " terms", t.pos);
                }
                boolean prefix = t.type == Type.WORD && t.text.endsWith("*");
                String text = prefix ? t.text.substring(0, t.text.length() - 1) : t.text;
                if (prefix && (text.isEmpty() || text.endsWith("*"))) {
                    throw new QueryParseException("a prefix needs at least one character before '*'", t.pos);
                }
                if (text.contains("*") && t.type == Type.WORD) {
                    throw new QueryParseException("'*' is only allowed at the end of a word", t.pos + text.indexOf(
                            '*'));
                }
                return Query.Term.of(text, prefix);
            }
            case END -> throw new QueryParseException(next == 0
                    ? "the query is empty"
                    : "a term is missing after '"
                            + tokens.get(next - 1).text + "'", input.length() + 1);
            default -> throw new QueryParseException("a term is missing before '" + t.text + "'", t.pos);
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Type.LPAREN, "(", i + 1));
                i++;
            } else if (c == ')') {
                out.add(new Token(Type.RPAREN, ")", i + 1));
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    throw new QueryParseException("unterminated quote", i + 1);
                }
                String phrase = s.substring(i + 1, end).strip();
                if (phrase.isEmpty()) {
                    throw new QueryParseException("empty quotes", i + 1);
                }
                out.add(new Token(Type.PHRASE, phrase, i + 1));
                i = end + 1;
            } else if (c == '-' && i + 1 < n && (s.charAt(i + 1) == '(' || s.charAt(i + 1) == '"'
                    || isWordChar(s.charAt(i + 1))) && (out.isEmpty() || i == 0 || !isWordChar(s.charAt(i - 1)))) {
                out.add(new Token(Type.NOT, "-", i + 1));
                i++;
            } else {
                int start = i;
                while (i < n && isWordChar(s.charAt(i))) {
                    i++;
                }
                String word = s.substring(start, i);
                Type type = switch (word) {
                    case "AND" -> Type.AND;
                    case "OR" -> Type.OR;
                    case "NOT" -> Type.NOT;
                    default -> Type.WORD;
                };
                out.add(new Token(type, word, start + 1));
            }
        }
        out.add(new Token(Type.END, "", n + 1));
        return out;
    }

    private static boolean isWordChar(char c) {
        return !(Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '(' || c == ')' || c == '"');
    }
}
