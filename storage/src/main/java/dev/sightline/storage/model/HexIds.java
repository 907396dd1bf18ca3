package dev.sightline.storage.model;

import com.google.protobuf.ByteString;

/** Lower-case hexadecimal forms of trace and span IDs, as Jaeger and OTLP/JSON write them. */
public final class HexIds {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private HexIds() {
    }

    public static String toHex(ByteString bytes) {
        char[] out = new char[bytes.size() * 2];
        for (int i = 0; i < bytes.size(); i++) {
            int b = bytes.byteAt(i) & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xf];
        }
        return new String(out);
    }

    public static String toHex(byte[] bytes) {
        return toHex(ByteString.copyFrom(bytes));
    }

    /**
     * Parses hex (either case) into bytes.
     *
     * @throws IllegalArgumentException naming the value when it has an odd length or a non-hex character
     */
    public static byte[] fromHex(String hex) {
        if ((hex.length() & 1) != 0) {
            throw new IllegalArgumentException("hex ID must have an even number of digits, got \"" + hex + "\"");
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a hex ID: \"" + hex + "\"");
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** True when every byte is zero, which OTLP defines as an invalid ID. */
    public static boolean isAllZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
