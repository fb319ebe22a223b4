package org.jvif.console.internal;

/** Strict UTF-8 as CPython's decoder checks it: the same errors, at the same byte offsets, said the same way. */
final class Utf8 {
    private Utf8() {
    }

    /**
     * Null when {@code bytes[0, length)} is valid UTF-8, else the message of Python's
     * {@code bytes.decode('utf-8')}, e.g. {@code 'utf-8' codec can't decode byte 0xff in position 3: invalid
     * start byte}.
     */
    static String check(byte[] bytes, int length) {
        int i = 0;
        while (i < length && bytes[i] >= 0) {
            i++;
        }
        while (i < length) {
            int c = bytes[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xbf;
            if (c < 0xc2) {
                return message(bytes, i, i + 1, "invalid start byte");
            } else if (c < 0xe0) {
                need = 1;
            } else if (c < 0xf0) {
                need = 2;
                lo = c == 0xe0 ? 0xa0 : 0x80;
                hi = c == 0xed ? 0x9f : 0xbf;
            } else if (c < 0xf5) {
                need = 3;
                lo = c == 0xf0 ? 0x90 : 0x80;
                hi = c == 0xf4 ? 0x8f : 0xbf;
            } else {
                return message(bytes, i, i + 1, "invalid start byte");
            }
            // the bytes that continue the sequence validly, as far as they go
            int valid = 0;
            for (int k = 1; k <= need && i + k < length; k++) {
                int b = bytes[i + k] & 0xff;
                boolean ok = k == 1 ? b >= lo && b <= hi : b >= 0x80 && b <= 0xbf;
                if (!ok) {
                    return message(bytes, i, i + k, "invalid continuation byte");
                }
                valid = k;
            }
            if (valid < need) {
                return message(bytes, i, length, "unexpected end of data");
            }
            i += need + 1;
        }
        return null;
    }

    private static String message(byte[] bytes, int start, int end, String reason) {
        if (end - start == 1) {
            return String.format("'utf-8' codec can't decode byte 0x%02x in position %d: %s", bytes[start] & 0xff,
                    start, reason);
        }
        return String.format("'utf-8' codec can't decode bytes in position %d-%d: %s", start, end - 1, reason);
    }
}
