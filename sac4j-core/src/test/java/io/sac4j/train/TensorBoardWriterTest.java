package io.sac4j.train;

import io.sac4j.env.Envs;
import io.sac4j.sac.SacConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the event files back with a decoder written here from the formats alone (TFRecord framing,
 * protobuf wire types), sharing no code with {@link TensorBoardWriter}.
 */
class TensorBoardWriterTest {
    /** One decoded {@code Event}: {@code fileVersion} null for a summary event. */
    record Event(double wallTime, long step, String fileVersion, List<Value> values) {
    }

    /** One decoded {@code Summary.Value}. */
    record Value(String tag, float simpleValue) {
    }

    static final class CorruptRecord extends RuntimeException {
        CorruptRecord(String m) {
            super(m);
        }
    }

    /** A clock that returns 1.7e9 + 0.25 k on its k-th call (k = 0 names the file and stamps file_version). */
    static DoubleSupplier ticking() {
        AtomicInteger calls = new AtomicInteger();
        return () -> 1.7e9 + 0.25 * calls.getAndIncrement();
    }

    @Test
    void crc32cOfTheCheckStringAndItsMask() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        CRC32C crc = new CRC32C();
        crc.update(check);
        assertEquals(0xE3069283L, crc.getValue(), "the published CRC-32C check value");
        // By hand: 0xE3069283 >>> 15 = 0x0001C60D; 0xE3069283 << 17 (32 bits) = 0x25060000 (the low 15 bits
        // 0x1283 moved up); rotated: 0x2507C60D; + 0xA282EAD8 = 0xC78AB0E5 (no carry out of 32 bits).
        assertEquals(0xC78AB0E5, TensorBoardWriter.maskedCrc32c(check, 0, check.length));
        assertEquals(0xC78AB0E5, mask((int) crc.getValue()), "the test's own mask agrees");
    }

    @Test
    void writesFileVersionThenScalarsThatDecode(@TempDir Path tmp) throws IOException {
        Path file;
        try (TensorBoardWriter w = new TensorBoardWriter(tmp.resolve("tb"), ticking())) {
            file = w.file();
            w.addScalar("eval/mean_return", -150.125, 1000);
            w.addScalar("losses/critic", 0.1, 1000);
            w.addScalar("charts/episodic_length", 200, 3_000_000_000L); // a step beyond int
        }
        assertEquals(tmp.resolve("tb"), file.getParent());
        assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.1700000000\\.[A-Za-z0-9._-]+"),
                file.getFileName().toString());
        List<Event> events = decode(Files.readAllBytes(file));
        assertEquals(4, events.size());
        Event first = events.get(0);
        assertEquals("brain.Event:2", first.fileVersion());
        assertEquals(1.7e9, first.wallTime());
        assertEquals(List.of(), first.values());
        assertScalar(events.get(1), 1.7e9 + 0.25, 1000, "eval/mean_return", -150.125f);
        assertScalar(events.get(2), 1.7e9 + 0.5, 1000, "losses/critic", 0.1f);
        assertScalar(events.get(3), 1.7e9 + 0.75, 3_000_000_000L, "charts/episodic_length", 200f);
    }

    @Test
    void flushMakesRecordsReadableBeforeClose(@TempDir Path tmp) throws IOException {
        try (TensorBoardWriter w = new TensorBoardWriter(tmp, ticking())) {
            assertEquals(1, decode(Files.readAllBytes(w.file())).size(), "file_version is written at once");
            w.addScalar("a", 1, 1);
            w.flush();
            assertEquals(2, decode(Files.readAllBytes(w.file())).size());
        }
    }

    @Test
    void twoWritersInTheSameSecondGetTwoFiles(@TempDir Path tmp) {
        try (TensorBoardWriter a = new TensorBoardWriter(tmp, () -> 5.0);
             TensorBoardWriter b = new TensorBoardWriter(tmp, () -> 5.0)) {
            assertNotEquals(a.file(), b.file());
            assertTrue(b.file().getFileName().toString().startsWith(a.file().getFileName().toString()));
        }
    }

    @Test
    void aCorruptedByteFailsTheCrcCheck(@TempDir Path tmp) throws IOException {
        Path file;
        try (TensorBoardWriter w = new TensorBoardWriter(tmp, ticking())) {
            file = w.file();
            w.addScalar("eval/mean_return", 42, 7);
        }
        byte[] good = Files.readAllBytes(file);
        decode(good); // intact: no exception
        int firstLength = (int) ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int secondRecord = 12 + firstLength + 4;
        int inData = secondRecord + 12 + 3; // a byte inside the second record's data
        byte[] bad = good.clone();
        bad[inData] ^= 0x01;
        CorruptRecord e = assertThrows(CorruptRecord.class, () -> decode(bad));
        assertTrue(e.getMessage().contains("data CRC"), e.getMessage());
        byte[] badLength = good.clone();
        badLength[secondRecord] ^= 0x04;
        e = assertThrows(CorruptRecord.class, () -> decode(badLength));
        assertTrue(e.getMessage().contains("length CRC"), e.getMessage());
    }

    @Test
    void listenerWritesEpisodesAndEvaluationsSkippingNaN(@TempDir Path tmp) throws IOException {
        Path file;
        try (TensorBoardListener l = new TensorBoardListener(new TensorBoardWriter(tmp, ticking()))) {
            file = l.file();
            l.onEpisodeEnd(200, -1051.25, 200);
            // before the first update: losses, alpha and entropy missing
            l.onEvaluation(EvalRecord.builder().step(500).wallSeconds(2.0).evalMeanReturn(-1300.5).evalStdReturn(80)
                    .trainEpisodeReturn(-1051.25).build());
            l.onEvaluation(new EvalRecord(1000, 8.0, -150.125, 20, -200, 0.25, 30.5, 0.125, -1.5, -0.375, 0.75, 2.5));
        }
        List<Event> events = decode(Files.readAllBytes(file));
        List<String> seen = new ArrayList<>();
        for (Event ev : events.subList(1, events.size())) {
            assertEquals(1, ev.values().size(), "one value per event");
            Value v = ev.values().get(0);
            seen.add(ev.step() + " " + v.tag() + " " + v.simpleValue());
        }
        assertEquals(List.of(
                "200 charts/episodic_return -1051.25",
                "200 charts/episodic_length 200.0",
                "500 eval/mean_return -1300.5",
                "500 charts/sps 250.0",
                "1000 eval/mean_return -150.125",
                "1000 losses/critic 0.25",
                "1000 losses/actor 30.5",
                "1000 losses/alpha -0.375",
                "1000 charts/alpha 0.125",
                "1000 charts/entropy -1.5",
                "1000 charts/sps 125.0",
                "1000 replay/mean_importance_weight 0.75",
                "1000 replay/max_priority 2.5"), seen);
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).wallTime() > events.get(i - 1).wallTime(), "wall times from the clock, in order");
        }
    }

    /** The tags issue 7 asks for, each written by a short training run (learned alpha, updates before the evaluation). */
    @Test
    void aTrainingRunWritesEveryRequiredTag(@TempDir Path tmp) throws IOException {
        Path file;
        SacConfig cfg = SacConfig.builder().hiddenSizes(8).batchSize(8).learningStarts(20).build();
        try (TensorBoardListener l = new TensorBoardListener(tmp)) {
            file = l.file();
            OffPolicyLoop.builder(cfg, new RunConfig(400, 400, 1, 0)).envs(() -> Envs.make("Pendulum-v1"))
                    .listeners(List.of(l)).build().run();
        }
        Map<String, List<Float>> byTag = new HashMap<>();
        for (Event ev : decode(Files.readAllBytes(file))) {
            for (Value v : ev.values()) {
                byTag.computeIfAbsent(v.tag(), k -> new ArrayList<>()).add(v.simpleValue());
            }
        }
        for (String tag : List.of(TensorBoardListener.EPISODIC_RETURN, TensorBoardListener.EVAL_MEAN_RETURN,
                TensorBoardListener.CRITIC_LOSS, TensorBoardListener.ACTOR_LOSS, TensorBoardListener.TEMPERATURE_LOSS,
                TensorBoardListener.ALPHA, TensorBoardListener.ENTROPY, TensorBoardListener.SPS)) {
            assertTrue(byTag.containsKey(tag), tag + " missing; written: " + byTag.keySet());
            assertTrue(byTag.get(tag).stream().allMatch(Float::isFinite), tag + ": " + byTag.get(tag));
        }
        assertEquals(List.of("charts/alpha", "charts/entropy", "charts/episodic_length", "charts/episodic_return",
                "charts/sps", "eval/mean_return", "losses/actor", "losses/alpha", "losses/critic"),
                byTag.keySet().stream().sorted().toList(), "no other tag");
        assertEquals(2, byTag.get(TensorBoardListener.EPISODIC_RETURN).size(), "two 200-step episodes");
        assertNotEquals(0f, byTag.get(TensorBoardListener.TEMPERATURE_LOSS).get(0), "a learned alpha has a loss");
    }

    private static void assertScalar(Event e, double wallTime, long step, String tag, float value) {
        assertNull(e.fileVersion());
        assertEquals(wallTime, e.wallTime());
        assertEquals(step, e.step());
        assertEquals(List.of(new Value(tag, value)), e.values());
    }

    // ---- an independent minimal decoder: TFRecord framing, then protobuf wire format ----

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    static int maskedCrc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return mask((int) c.getValue());
    }

    static List<Event> decode(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < 12) {
                throw new CorruptRecord("truncated header at byte " + at);
            }
            long length = in.getLong();
            if (in.getInt() != maskedCrc(file, at, 8)) {
                throw new CorruptRecord("length CRC mismatch at byte " + at);
            }
            if (length < 0 || length > in.remaining() - 4) {
                throw new CorruptRecord("length " + length + " past the end at byte " + at);
            }
            int dataAt = in.position();
            byte[] data = new byte[(int) length];
            in.get(data);
            if (in.getInt() != maskedCrc(file, dataAt, data.length)) {
                throw new CorruptRecord("data CRC mismatch in the record at byte " + at);
            }
            events.add(parseEvent(data));
        }
        return events;
    }

    /** Reads protobuf fields: varint keys, then varint / fixed64 / length-delimited / fixed32 payloads. */
    static final class Proto {
        final ByteBuffer b;

        Proto(byte[] bytes) {
            b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean more() {
            return b.hasRemaining();
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = b.get() & 0xFF;
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new CorruptRecord("varint longer than 10 bytes");
        }

        byte[] lengthDelimited() {
            byte[] out = new byte[(int) varint()];
            b.get(out);
            return out;
        }
    }

    static Event parseEvent(byte[] data) {
        Proto p = new Proto(data);
        double wall = 0;
        long step = 0;
        String version = null;
        List<Value> values = new ArrayList<>();
        while (p.more()) {
            long key = p.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 1 && wire == 1) {
                wall = p.b.getDouble();
            } else if (field == 2 && wire == 0) {
                step = p.varint();
            } else if (field == 3 && wire == 2) {
                version = new String(p.lengthDelimited(), StandardCharsets.UTF_8);
            } else if (field == 5 && wire == 2) {
                Proto summary = new Proto(p.lengthDelimited());
                while (summary.more()) {
                    long k = summary.varint();
                    if (k != ((1 << 3) | 2)) {
                        throw new CorruptRecord("unexpected Summary key " + k);
                    }
                    values.add(parseValue(summary.lengthDelimited()));
                }
            } else {
                throw new CorruptRecord("unexpected Event field " + field + " wire type " + wire);
            }
        }
        return new Event(wall, step, version, values);
    }

    static Value parseValue(byte[] data) {
        Proto p = new Proto(data);
        String tag = null;
        Float value = null;
        while (p.more()) {
            long key = p.varint();
            if (key == ((1 << 3) | 2)) {
                tag = new String(p.lengthDelimited(), StandardCharsets.UTF_8);
            } else if (key == ((2 << 3) | 5)) {
                value = p.b.getFloat();
            } else {
                throw new CorruptRecord("unexpected Value key " + key);
            }
        }
        if (tag == null || value == null) {
            throw new CorruptRecord("a Value without tag or simple_value");
        }
        return new Value(tag, value);
    }

    @Test
    void decoderSeesEveryFileTheListenerWrites(@TempDir Path tmp) throws IOException {
        try (TensorBoardListener l = new TensorBoardListener(tmp)) {
            l.onEpisodeEnd(1, 2, 3);
        }
        try (Stream<Path> files = Files.list(tmp)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size());
            List<Event> events = decode(Files.readAllBytes(all.get(0)));
            assertEquals(3, events.size());
            double now = System.currentTimeMillis() / 1000.0;
            assertTrue(Math.abs(events.get(1).wallTime() - now) < 60, "the system clock, in seconds: "
                    + events.get(1).wallTime());
        }
    }
}
