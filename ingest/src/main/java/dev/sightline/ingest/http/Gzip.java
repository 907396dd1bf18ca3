package dev.sightline.ingest.http;

import dev.sightline.ingest.otlp.MalformedRequestException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Bounded gzip decoding: stops as soon as the output passes the limit, so a compression bomb costs little. */
final class Gzip {
    private Gzip() {
    }

    static byte[] decode(ByteBuf compressed, int maxBytes) throws BodyTooLargeException, MalformedRequestException {
        try (InputStream in = new GZIPInputStream(new ByteBufInputStream(compressed.duplicate()), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, compressed.readableBytes() * 4 + 64));
            byte[] chunk = new byte[16384];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw new BodyTooLargeException("request body is larger than " + maxBytes
                            + " bytes after gzip decompression");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new MalformedRequestException("body is not valid gzip: " + e.getMessage());
        }
    }
}
