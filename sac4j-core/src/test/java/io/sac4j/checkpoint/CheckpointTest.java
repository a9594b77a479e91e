package io.sac4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    Path dir;

    private static final float[] BIG = new float[300_001]; // more than the 1 MiB staging and read chunks

    static {
        for (int i = 0; i < BIG.length; i++) {
            BIG[i] = i * 0.37f - 5f;
        }
        BIG[7] = Float.NaN;
        BIG[8] = Float.intBitsToFloat(0x7fc01234); // a NaN with payload bits
        BIG[9] = -0f;
    }

    private static void writeAllTypes(StateWriter w) throws IOException {
        w.putBytes("raw", new byte[] {0, -1, 127, -128});
        w.putFloats("big", BIG);
        w.putFloats("part", new float[] {1f, 2f, 3f, 4f}, 1, 2);
        w.putDoubles("doubles", Math.PI, -0.0, Double.MIN_VALUE);
        w.putLongs("longs", Long.MIN_VALUE, 0L, Long.MAX_VALUE);
        w.putInts("ints");
        w.putString("text", "Pendulum-v1 \u03b1=0.2 {\"lr\": 1e-3}");
        w.putBooleans("flags", new boolean[] {true, false, false, true, true}, 0, 5);
    }

    @Test
    void roundTripsEveryTypeAndTheManifest() throws IOException {
        Path f = dir.resolve("a.ckpt");
        Manifest m = Manifest.empty().with("env", "Pendulum-v1").with("config", "{\n \"gamma\": 0.99\n}")
                .with("step", 1234).withProvenance(7, 2);
        Checkpoint.write(f, m, CheckpointTest::writeAllTypes);
        try (CheckpointReader r = Checkpoint.open(f)) {
            assertEquals(List.of("raw", "big", "part", "doubles", "longs", "ints", "text", "flags"), r.names());
            assertArrayEquals(new byte[] {0, -1, 127, -128}, r.bytes("raw"));
            float[] big = r.floats("big");
            assertEquals(BIG.length, big.length);
            for (int i = 0; i < BIG.length; i++) {
                assertEquals(Float.floatToRawIntBits(BIG[i]), Float.floatToRawIntBits(big[i]), "element " + i);
            }
            assertArrayEquals(new float[] {2f, 3f}, r.floats("part"));
            assertArrayEquals(new double[] {Math.PI, -0.0, Double.MIN_VALUE}, r.doubles("doubles"));
            assertArrayEquals(new long[] {Long.MIN_VALUE, 0L, Long.MAX_VALUE}, r.longs("longs"));
            assertArrayEquals(new int[0], r.ints("ints"));
            assertEquals("Pendulum-v1 \u03b1=0.2 {\"lr\": 1e-3}", r.string("text"));
            assertArrayEquals(new boolean[] {true, false, false, true, true}, r.booleans("flags"));
            assertEquals("Pendulum-v1", r.manifest().require("env"));
            assertEquals("{\n \"gamma\": 0.99\n}", r.manifest().require("config"));
            assertEquals(1234, r.manifest().requireLong("step"));
            assertEquals("7", r.manifest().require(Manifest.SEED));
            assertEquals("2", r.manifest().require(Manifest.THREADS));
            assertEquals(Runtime.version().toString(), r.manifest().require(Manifest.JAVA_VERSION));
            assertEquals(Checkpoint.sac4jVersion(), r.manifest().require(Manifest.SAC4J_VERSION));
            assertEquals(Files.size(f), r.sizeBytes());
        }
    }

    @Test
    void refusesMissingEntriesWrongTypesAndWrongSizes() throws IOException {
        Path f = dir.resolve("a.ckpt");
        Checkpoint.write(f, Manifest.empty(), CheckpointTest::writeAllTypes);
        try (CheckpointReader r = Checkpoint.open(f)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> r.floats("nope"));
            assertEquals("checkpoint " + f + ": missing required entry 'nope'", e.getMessage());
            e = assertThrows(CheckpointException.class, () -> r.ints("big"));
            assertEquals("checkpoint " + f + ": entry 'big' holds floats, expected ints", e.getMessage());
            e = assertThrows(CheckpointException.class, () -> r.floatsInto("part", new float[3], 0, 3));
            assertEquals("checkpoint " + f + ": entry 'part' holds 2 floats, expected 3", e.getMessage());
            e = assertThrows(CheckpointException.class, () -> r.booleansInto("flags", new boolean[9], 2, 4));
            assertEquals("checkpoint " + f + ": entry 'flags' holds 5 booleans, expected 4", e.getMessage());
            e = assertThrows(CheckpointException.class, () -> r.manifest().require("env"));
            assertTrue(e.getMessage().contains("no 'env'"), e.getMessage());
        }
    }

    @Test
    void refusesAForeignFileAnotherFormatVersionAndAMissingFile() throws IOException {
        Path f = dir.resolve("foreign.ckpt");
        Files.write(f, "PK\u0003\u0004 this is a zip file, not a checkpoint".getBytes());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.open(f));
        assertEquals("checkpoint " + f + ": not a sac4j checkpoint (wrong magic: the file does not start with"
                + " \"SAC4JCKP\")", e.getMessage());

        Path g = dir.resolve("v2.ckpt");
        Checkpoint.write(g, Manifest.empty(), CheckpointTest::writeAllTypes);
        byte[] bytes = Files.readAllBytes(g);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        Files.write(g, Fixtures.fixTrailer(bytes));
        e = assertThrows(CheckpointException.class, () -> Checkpoint.open(g));
        assertEquals("checkpoint " + g + ": incompatible format version 2; this sac4j reads format version 1",
                e.getMessage());

        Path missing = dir.resolve("missing.ckpt");
        e = assertThrows(CheckpointException.class, () -> Checkpoint.open(missing));
        assertEquals("checkpoint " + missing + ": no such file", e.getMessage());
    }

    /** Offset of the 8-byte length of the first entry of a file written with an empty manifest plus the version. */
    private static int firstEntryLengthOffset(byte[] bytes) {
        int manifestLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        int entry = Checkpoint.HEADER_BYTES + manifestLength + Checkpoint.HEADER_CRC_BYTES;
        int nameLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(entry + 1);
        return entry + 3 + nameLength;
    }

    @Test
    void boundsForgedLengthsEvenWhenTheChecksumsAreValid() throws IOException {
        Path f = dir.resolve("a.ckpt");
        Checkpoint.write(f, Manifest.empty(), CheckpointTest::writeAllTypes);
        byte[] valid = Files.readAllBytes(f);
        int at = firstEntryLengthOffset(valid);
        for (long forged : new long[] {Long.MAX_VALUE, -1L, 1L << 40, Integer.MAX_VALUE, valid.length}) {
            byte[] bytes = valid.clone();
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at, forged);
            Files.write(f, Fixtures.fixTrailer(bytes));
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.open(f));
            assertTrue(e.getMessage().startsWith("checkpoint " + f + ": damaged entry 'raw': declares "
                    + Long.toUnsignedString(forged) + " bytes, "), e.getMessage());
        }
        // Shorter than written: the next entry is read from the wrong place and does not parse.
        byte[] bytes = valid.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at, 3);
        Files.write(f, Fixtures.fixTrailer(bytes));
        CheckpointException shorter = assertThrows(CheckpointException.class, () -> Checkpoint.open(f));
        assertTrue(shorter.getMessage().startsWith("checkpoint " + f + ": damaged entry at byte "), shorter.getMessage());
        // The second entry holds floats: a length that is not a multiple of 4 is not an array of them.
        int second = at + 8 + 4 + 4;
        int secondLength = second + 3 + 3; // type, name length, "big"
        bytes = valid.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(secondLength, 4L * BIG.length - 1);
        Files.write(f, Fixtures.fixTrailer(bytes));
        CheckpointException odd = assertThrows(CheckpointException.class, () -> Checkpoint.open(f));
        assertEquals("checkpoint " + f + ": damaged entry 'big': " + (4L * BIG.length - 1)
                + " bytes is not a whole array of floats", odd.getMessage());
        bytes = valid.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(12, -1); // manifest of 4 GiB
        Files.write(f, Fixtures.fixTrailer(bytes));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.open(f));
        assertTrue(e.getMessage().contains("damaged header: manifest of 4294967295 bytes"), e.getMessage());
    }

    @Test
    void aWriteThatFailsMidwayLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a.ckpt");
        Checkpoint.write(f, Manifest.empty().with("version", "old"), w -> w.putLongs("x", 1, 2, 3));
        byte[] before = Files.readAllBytes(f);

        IllegalStateException thrown = new IllegalStateException("payload failed");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Checkpoint.write(f, Manifest.empty().with("version", "new"), w -> {
                    w.putFloats("big", BIG); // more than a staging buffer: part of it reached the file
                    throw thrown;
                }));
        assertSame(thrown, e);
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), list());

        CheckpointException io = assertThrows(CheckpointException.class,
                () -> Checkpoint.write(f, Manifest.empty(), w -> {
                    w.putLongs("y", 4);
                    throw new IOException("disk full");
                }));
        assertEquals("cannot write checkpoint " + f + ": java.io.IOException: disk full", io.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.write(f, Manifest.empty(), w -> {
                    w.putLongs("y", 4);
                    w.putLongs("y", 5);
                }));
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), list());
        try (CheckpointReader r = Checkpoint.open(f)) {
            assertEquals("old", r.manifest().require("version"));
            assertArrayEquals(new long[] {1, 2, 3}, r.longs("x"));
        }
    }

    @Test
    void aCompletedWriteReplacesTheFile() throws IOException {
        Path f = dir.resolve("a.ckpt");
        Checkpoint.write(f, Manifest.empty(), w -> w.putLongs("x", 1));
        Checkpoint.write(f, Manifest.empty(), w -> w.putLongs("x", 2));
        try (CheckpointReader r = Checkpoint.open(f)) {
            assertArrayEquals(new long[] {2}, r.longs("x"));
        }
        assertEquals(List.of(f), list());
        assertFalse(Files.exists(dir.resolve("a.ckpt" + Checkpoint.TEMP_SUFFIX)));
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
