package dev.parley.media.stun;

import java.util.random.RandomGenerator;

/**
 * The 96-bit STUN transaction id (RFC 8489 §5), held as two numbers so that it compares, hashes and
 * serves as a map key without an array.
 *
 * @param high the first 64 bits on the wire
 * @param low the last 32 bits on the wire
 */
public record TransactionId(long high, int low) {

    /**
     * A fresh id. RFC 8489 §5 asks for a cryptographically random id, so pass a
     * {@link java.security.SecureRandom} outside of tests.
     */
    public static TransactionId random(RandomGenerator random) {
        return new TransactionId(random.nextLong(), random.nextInt());
    }

    /** Reads 12 bytes at {@code off}; the caller has checked they are present. */
    public static TransactionId read(byte[] buf, int off) {
        return new TransactionId(WireBytes.readLong(buf, off), WireBytes.readInt(buf, off + 8));
    }

    /** Builds an id from its 12 wire bytes. */
    public static TransactionId of(byte[] twelveBytes) {
        if (twelveBytes.length != 12) {
            throw new IllegalArgumentException("a transaction id has 12 bytes, not " + twelveBytes.length);
        }
        return read(twelveBytes, 0);
    }

    /** Writes the 12 wire bytes at {@code off}. */
    public void write(byte[] buf, int off) {
        WireBytes.writeLong(buf, off, high);
        WireBytes.writeInt(buf, off + 8, low);
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[12];
        write(bytes, 0);
        return bytes;
    }

    @Override
    public String toString() {
        return String.format("%016x%08x", high, low);
    }
}
