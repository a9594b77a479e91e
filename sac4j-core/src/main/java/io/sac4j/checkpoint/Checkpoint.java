package io.sac4j.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The checkpoint file: a manifest and named, typed entries, each with its own checksum, and a
 * checksum over the whole file. Written atomically; read only after every check passed.
 *
 * <h2>Byte layout (format version 1)</h2>
 * All integers little-endian (the byte order of the machines sac4j runs on, so float columns are
 * copied without swapping); checksums are CRC32C ({@link java.util.zip.CRC32C}, Castagnoli).
 * <pre>
 * offset   bytes  field
 * 0        8      magic, ASCII "SAC4JCKP"
 * 8        4      format version (u32), {@value #FORMAT_VERSION}
 * 12       4      manifest length M (u32)
 * 16       M      manifest: pair count (u32), then per pair key length (u32), key (UTF-8),
 *                 value length (u32), value (UTF-8)
 * 16+M     4      CRC32C of bytes [0, 16+M): the header's own checksum
 * 20+M     ...    entries, one after another, each:
 *                   1  type tag: 1 bytes, 2 floats, 3 doubles, 4 longs, 5 ints, 6 string (UTF-8),
 *                      7 booleans (one byte 0 or 1 each); see {@link EntryType}
 *                   2  name length N (u16)
 *                   N  name (UTF-8), unique in the file
 *                   8  payload length L in bytes (u64), a multiple of the element width
 *                   L  payload
 *                   4  CRC32C of the entry from its type tag to the end of its payload
 * size-17  1      end tag 0
 * size-16  4      entry count (u32)
 * size-12  8      file length in bytes (u64), this trailer included
 * size-4   4      CRC32C of every byte before this field
 * </pre>
 *
 * <h2>What reading refuses</h2>
 * {@link #open} checks, in this order, and refuses with a one-line {@link CheckpointException}
 * naming the file and the reason: the magic (a foreign file), the format version, the trailer
 * (a truncated file has none at its end, or one whose recorded length is not the file's), the
 * whole-file checksum (any changed byte), then the structure, where every length is bounded by the
 * bytes that remain before anything is allocated (so even a forged file with valid checksums cannot
 * cause an out-of-bounds read or a huge allocation). Reading an entry checks its type, its length
 * against what the caller expects, and its own checksum.
 *
 * <h2>Writing</h2>
 * {@link #write} writes {@code <file>.tmp} in the same directory, forces it to the device
 * ({@link FileChannel#force(boolean) force(true)}), renames it over {@code file} with
 * {@link StandardCopyOption#ATOMIC_MOVE}, then forces the directory where the platform allows
 * (POSIX; Windows refuses to open a directory, and there the rename is what is durable). A reader
 * therefore sees the previous complete file or the new complete file, never a partial one; a write
 * that fails deletes its temporary file and leaves the previous file as it was. The temporary name
 * is fixed rather than random, so one directory takes one writer at a time (a run owns its directory).
 */
public final class Checkpoint {
    /** The format version this code writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The first eight bytes of every checkpoint file. */
    static final byte[] MAGIC = {'S', 'A', 'C', '4', 'J', 'C', 'K', 'P'};
    /** magic, version, manifest length. */
    static final int HEADER_BYTES = 16;
    /** The header's checksum after the manifest. */
    static final int HEADER_CRC_BYTES = 4;
    /** end tag, entry count, file length, checksum. */
    static final int TRAILER_BYTES = 17;
    static final int END_TAG = 0;
    /** The suffix of the temporary file a write goes through. */
    public static final String TEMP_SUFFIX = ".tmp";

    private Checkpoint() {
    }

    /** Writes a checkpoint's entries; may throw, in which case nothing is left behind. */
    @FunctionalInterface
    public interface Payload {
        void writeTo(StateWriter out) throws IOException;
    }

    /** The version of sac4j that is running, recorded in every manifest as {@link Manifest#SAC4J_VERSION}. */
    public static String sac4jVersion() {
        String v = Checkpoint.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /**
     * Writes {@code manifest} (plus {@link Manifest#SAC4J_VERSION}) and the entries {@code payload}
     * puts, atomically replacing {@code file} (see the class comment). If anything fails, including
     * {@code payload} throwing, the temporary file is deleted, {@code file} is untouched and the
     * failure is rethrown (an I/O failure as a {@link CheckpointException} naming the file).
     */
    public static void write(Path file, Manifest manifest, Payload payload) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = dir.resolve(target.getFileName() + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                CheckpointWriter w = new CheckpointWriter(ch, manifest.with(Manifest.SAC4J_VERSION, sac4jVersion()));
                payload.writeTo(w);
                w.finish();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new CheckpointException("cannot write checkpoint " + target
                        + ": the file system cannot rename atomically (" + e.getMessage() + ")", e);
            }
        } catch (IOException e) {
            deleteQuietly(tmp, e);
            throw e instanceof CheckpointException ? e
                    : new CheckpointException("cannot write checkpoint " + target + ": " + e, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp, e);
            throw e;
        }
        forceDirectory(dir);
    }

    private static void deleteQuietly(Path tmp, Throwable failure) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /** Makes the rename durable: fsync of the directory, where the platform lets a directory be opened. */
    static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; there the rename itself is what persists.
        }
    }

    /**
     * Opens and verifies {@code file} (magic, format version, trailer, whole-file checksum, structure;
     * see the class comment). Refuses a file that fails any check, or cannot be read, with a
     * {@link CheckpointException} naming the file and the reason. Close the reader when done.
     */
    public static CheckpointReader open(Path file) throws CheckpointException {
        return CheckpointReader.open(file);
    }
}
