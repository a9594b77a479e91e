package io.sac4j.cli;

import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes the run configuration that {@code sac4j train --resume} and {@code sac4j eval} read back
 * from {@code config.json} (its recorded {@code args}, parsed and validated as the command line is):
 * whatever the text, only the project's bad-input error ({@link IllegalArgumentException}, one line,
 * exit code 2 in the CLI) may come out, never another exception.
 */
class ConfigFuzzTest {
    private static final String VALID = "{\"env\": \"Pendulum-v1\", \"args\": [\"--env\", \"Pendulum-v1\", \"--seed\", \"3\","
            + " \"--steps\", \"300\", \"--hidden\", \"16,16\", \"--batch-size\", \"16\", \"--lr\", \"1e-3\", \"--gamma\","
            + " \"0.99\", \"--alpha\", \"0.2\", \"--algo\", \"sac\", \"--eval-every\", \"100\"]}";

    private static final String[] TOKENS = {"--env", "CartPole-v1", "Nope-v0", "--steps", "-1", "0", "1e99", "NaN",
        "--gamma", "2", "--lr", "-1", "--hidden", "0,5", ",", "--algo", "sac-v1", "ppo", "--alpha", "--init-alpha",
        "--target-entropy-ratio", "1.5", "--batch-size", "--threads", "--unknown", "\"", "[", "]", "{", "}", ":", "\\",
        "\\u0000", "null", "true", "12345678901234567890", "--eval-every", "--train-freq", "0", "--tau", "1.0001"};

    /** Outcome of one text: null if it parsed and validated, else the bad-input message. */
    private static String check(String text) {
        try {
            ConfigJson.parse(text, "config.json").setup();
            return null;
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(m != null && !m.isBlank() && m.lines().count() == 1, "one-line message for " + text + ": " + m);
            return m;
        } catch (RuntimeException | Error e) {
            fail("config text " + text + " threw " + e, e);
            return null;
        }
    }

    @Test
    void theValidConfigParsesAndMutationsGiveOnlyBadInputErrors() {
        assertEquals(null, check(VALID));
        Rng rng = new Rng(2026);
        int refused = 0;
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3000; i++) {
            String text;
            switch (i % 4) {
                case 0: { // byte-level mutations: flips, cuts, insertions
                    byte[] b = valid.clone();
                    for (int k = 1 + rng.nextInt(4); k > 0; k--) {
                        b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
                    }
                    text = new String(b, 0, 1 + rng.nextInt(b.length), StandardCharsets.UTF_8);
                    break;
                }
                case 1: { // the args list with random tokens in place of some values
                    List<String> args = new ArrayList<>(List.of("--env", "Pendulum-v1", "--steps", "300"));
                    for (int k = rng.nextInt(8); k > 0; k--) {
                        args.add(rng.nextInt(args.size() + 1), TOKENS[rng.nextInt(TOKENS.length)]);
                    }
                    text = "{\"args\": " + Json.write(args) + "}";
                    break;
                }
                case 2: { // random characters from JSON's alphabet
                    String alphabet = "{}[]\":,\\ -.0123456789eEnultrfasArgsv";
                    StringBuilder sb = new StringBuilder();
                    for (int k = rng.nextInt(60); k > 0; k--) {
                        sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
                    }
                    text = sb.toString();
                    break;
                }
                default: { // structure that parses as JSON but is not a config
                    String[] shapes = {"[]", "{}", "{\"args\": 5}", "{\"args\": [1, 2]}", "{\"args\": [null]}",
                        "{\"args\": [\"--env\"]}", "{\"args\": []}", "\"args\"", "null", "{\"args\": {\"a\": 1}}"};
                    text = shapes[rng.nextInt(shapes.length)];
                }
            }
            if (check(text) != null) {
                refused++;
            }
        }
        assertTrue(refused > 2000, "most mutations are refused: " + refused);
    }
}
