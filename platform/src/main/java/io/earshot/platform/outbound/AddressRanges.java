package io.earshot.platform.outbound;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of IP addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code fd00::/8}), parsed like the
 * outbound allow-list ({@link AddressPolicy}); used for the trusted proxies whose {@code X-Forwarded-For} is believed.
 * Host names are not accepted (an address list must not depend on DNS).
 */
public final class AddressRanges {
    private final List<AddressPolicy.Range> ranges;

    private AddressRanges(List<AddressPolicy.Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Blank entries are ignored; anything else that is not an address or range is an error (at start). */
    public static AddressRanges of(List<String> entries) {
        List<AddressPolicy.Range> out = new ArrayList<>();
        for (String raw : entries == null ? List.<String>of() : entries) {
            String e = raw == null ? "" : raw.strip();
            if (!e.isEmpty()) {
                out.add(AddressPolicy.Range.parse(e));
            }
        }
        return new AddressRanges(out);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (an IP literal; anything else is never contained) is in one of the ranges. */
    public boolean contains(String address) {
        byte[] a = address == null ? null : AddressPolicy.literal(address.strip());
        if (a == null) {
            return false;
        }
        if (a.length == 16 && isMappedV4(a)) { // ::ffff:10.0.0.1 is 10.0.0.1 for this purpose
            byte[] v4 = {a[12], a[13], a[14], a[15]};
            if (contains(v4)) {
                return true;
            }
        }
        return contains(a);
    }

    private boolean contains(byte[] a) {
        for (AddressPolicy.Range r : ranges) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMappedV4(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }
}
