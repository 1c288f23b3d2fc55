package dev.rampart.sim.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a classic libpcap capture file, the format {@code tcpdump -w} writes: a 24-byte file header
 * (magic, version, snap length, link type) then per frame a 16-byte record header (seconds, fraction,
 * captured length, original length) and the captured bytes. Both byte orders and both timestamp
 * resolutions (magic {@code a1b2c3d4}: microseconds, {@code a1b23c4d}: nanoseconds) are read. Only
 * Ethernet captures (link type 1) are accepted, since the lab's veth interfaces carry Ethernet frames.
 */
final class PcapFile {
    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int FILE_HEADER_BYTES = 24;
    private static final int RECORD_HEADER_BYTES = 16;
    private static final int LINKTYPE_ETHERNET = 1;

    private PcapFile() {
    }

    /** One captured frame: when it was seen, its captured bytes and its length on the wire (bytes). */
    record Frame(Instant time, byte[] bytes, int wireLength) {
        /** Whether the capture holds the whole frame (the snap length did not cut it). */
        boolean complete() {
            return bytes.length == wireLength;
        }
    }

    /** The frames of {@code file} in capture order; throws IllegalArgumentException on a malformed file. */
    static List<Frame> read(byte[] file) {
        if (file.length < FILE_HEADER_BYTES) {
            throw new IllegalArgumentException("not a pcap file: " + file.length + " bytes, the header alone has "
                    + FILE_HEADER_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
        }
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            throw new IllegalArgumentException("not a pcap file: magic " + Integer.toHexString(b.getInt(0)));
        }
        long nanosPerFractionUnit = magic == MAGIC_NANOS ? 1 : 1000;
        int linkType = b.getInt(20) & 0x0FFF_FFFF;
        if (linkType != LINKTYPE_ETHERNET) {
            throw new IllegalArgumentException("pcap link type " + linkType + " is not Ethernet (1)");
        }
        List<Frame> frames = new ArrayList<>();
        int pos = FILE_HEADER_BYTES;
        while (pos + RECORD_HEADER_BYTES <= file.length) {
            long seconds = b.getInt(pos) & 0xFFFF_FFFFL;
            long fraction = b.getInt(pos + 4) & 0xFFFF_FFFFL;
            int captured = b.getInt(pos + 8);
            int wire = b.getInt(pos + 12);
            int start = pos + RECORD_HEADER_BYTES;
            if (captured < 0 || start + captured > file.length) {
                // tcpdump killed in the middle of writing a record: the frames before it are whole
                break;
            }
            frames.add(new Frame(Instant.ofEpochSecond(seconds, fraction * nanosPerFractionUnit),
                    Arrays.copyOfRange(file, start, start + captured), wire));
            pos = start + captured;
        }
        return frames;
    }
}
