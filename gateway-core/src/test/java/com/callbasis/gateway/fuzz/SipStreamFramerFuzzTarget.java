package com.callbasis.gateway.fuzz;

import com.callbasis.config.SipLimits;
import com.callbasis.gateway.sip.codec.SipStreamFramer;
import com.callbasis.gateway.sip.codec.SipStreamFramer.FramingError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A TCP byte stream as a connection delivers it. Property: the messages framed (and the framing
 * error, if any) do not depend on how the stream was split into segments: the whole stream at once,
 * byte by byte, and segments whose sizes the input itself chooses frame the same. Small limits so
 * that the limit paths are reached with short inputs.
 */
public final class SipStreamFramerFuzzTarget {
    private static final SipLimits LIMITS = new SipLimits(128, 256, 12, 1024);

    private SipStreamFramerFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        List<String> whole = frame(data, new int[] {Math.max(1, data.length)});
        List<String> bytes = frame(data, new int[] {1});
        int[] sizes = new int[Math.min(8, Math.max(1, data.length))];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 1 + (data.length == 0 ? 0 : (data[i] & 0x3F));
        }
        List<String> chosen = frame(data, sizes);
        if (!whole.equals(bytes) || !whole.equals(chosen)) {
            throw new AssertionError("framing depends on segmentation: whole " + whole + ", byte by byte " + bytes
                    + ", segments " + Arrays.toString(sizes) + " " + chosen);
        }
    }

    /** What the framer emits for the stream cut into segments of the given sizes (cycled), then closed. */
    private static List<String> frame(byte[] data, int[] sizes) {
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamFramer(LIMITS));
        List<String> out = new ArrayList<>();
        int off = 0;
        for (int i = 0; off < data.length && ch.isOpen(); i++) {
            int n = Math.min(sizes[i % sizes.length], data.length - off);
            ch.writeInbound(Unpooled.wrappedBuffer(data, off, n));
            off += n;
            drain(ch, out);
        }
        ch.finish();
        drain(ch, out);
        ch.close();
        return out;
    }

    private static void drain(EmbeddedChannel ch, List<String> out) {
        for (Object o; (o = ch.readInbound()) != null; ) {
            if (o instanceof ByteBuf b) {
                out.add("frame " + ByteBufUtil.hexDump(b));
                b.release();
            } else if (o instanceof FramingError e) {
                out.add("error " + e.status() + " " + e.kind() + " " + e.reason());
            } else {
                out.add("other " + o);
            }
        }
    }
}
