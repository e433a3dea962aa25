package io.earshot.platform.http;

import java.util.List;

/** One page of a listing; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    /** A whole listing that fits on one page (a short, bounded list such as the rules): no next cursor. */
    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, null);
    }
}
