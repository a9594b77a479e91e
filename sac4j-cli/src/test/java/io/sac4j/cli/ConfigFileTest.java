package io.sac4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4j.checkpoint.Checkpoints;
import io.sac4j.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code sac4j train --config FILE}: YAML and JSON files of train options, command-line overrides, errors, resume. */
class ConfigFileTest {
    /** A small Pendulum run as a YAML file, with the comments, quoting and both list forms a user may write. */
    private static final String YAML = """
            # a small Pendulum run
            ---
            env: "Pendulum-v1"
            seed: 7
            steps: 300          # overridden in some tests
            hidden:
              - 16
              - 16
            batch-size: 16
            lr: 1e-3
            eval-every: 100
            eval-episodes: 2
            quiet: true
            """;
    /** The same run as JSON. */
    private static final String JSON = """
            {"env": "Pendulum-v1", "seed": 7, "steps": 300, "hidden": [16, 16], "batch-size": 16, "lr": 1e-3,
             "eval-every": 100, "eval-episodes": 2, "quiet": true}
            """;

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static JsonNode config(Path run) throws IOException {
        return Json.parse(Files.readString(run.resolve("config.json")));
    }

    private static void assertOneLineError(MainTest.Result r, String fragment) {
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        List<String> lines = r.err().lines().collect(Collectors.toList());
        assertEquals(1, lines.size(), "one line, no stack trace: " + r.err());
        assertTrue(lines.get(0).startsWith("sac4j: error: ") && lines.get(0).contains(fragment),
                "expected '" + fragment + "' in: " + lines.get(0));
    }

    @Test
    void fileValuesAreUsedAndCommandLineOptionsWin(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("run.yaml"), YAML);
        Path run = tmp.resolve("run");
        MainTest.Result r = MainTest.run("train", "--config", file.toString(), "--steps", "200", "--seed", "9",
                "--threads", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("step     100/"), "quiet: true from the file: " + r.out());
        JsonNode c = config(run);
        assertEquals(200, c.get("steps").longValue(), "the command line's --steps beats the file's 300");
        assertEquals(9, c.get("seed").longValue());
        assertEquals(100, c.get("eval_every").longValue(), "from the file");
        assertEquals(2, c.get("eval_episodes").intValue());
        JsonNode sac = c.get("sac");
        assertEquals("[16, 16]", Json.writeCompact(sac.get("hidden_sizes")));
        assertEquals(16, sac.get("batch_size").intValue());
        assertEquals(1e-3, sac.get("actor_lr").doubleValue());
        assertEquals(file.toString(), c.get("config_file").textValue(), "provenance");
        assertEquals(Json.writeCompact(List.of("--env", "Pendulum-v1", "--hidden", "16,16", "--batch-size", "16", "--lr", "1e-3",
                "--eval-every", "100", "--eval-episodes", "2", "--steps", "200", "--seed", "9")), Json.writeCompact(c.get("args")),
                "the file's values (in file order, those the command line did not give), then the command line's;"
                        + " --config, --quiet, --threads and --out are not recorded");
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size(), "header + 2 evaluations in 200 steps");
    }

    @Test
    void theResearchOptionsComeFromAFileToo(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("adjusted.yaml"), YAML + """
                algo: sac-v1
                adjust: antisymmetric
                adjust-lambda: 0.2
                adjust-norm: match
                entropy: closed-form
                """);
        Path run = tmp.resolve("run");
        MainTest.Result r = MainTest.run("train", "--config", file.toString(), "--steps", "200", "--adjust-lambda", "0.4",
                "--threads", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode sac = config(run).get("sac");
        assertEquals("CLOSED_FORM", sac.get("entropy_estimate").textValue());
        JsonNode adjustment = sac.get("adjustment");
        assertEquals("ANTISYMMETRIC", adjustment.get("form").textValue());
        assertEquals(0.4, adjustment.get("lambda").doubleValue(), "the command line beats the file's 0.2");
        assertEquals("MATCH_OWN_GRADIENT", adjustment.get("normalisation").textValue());
    }

    /** The replay options from a file: recorded in config.json and resumable; --per-* alone is refused. */
    @Test
    void theReplayOptionsComeFromAFileToo(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("replay.yaml"), YAML + """
                n-step: 3
                prioritized: true
                per-alpha: 0.5
                """);
        Path run = tmp.resolve("run");
        MainTest.Result r = MainTest.run("train", "--config", file.toString(), "--steps", "200", "--per-beta0", "0.3",
                "--checkpoint-every", "100", "--threads", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode sac = config(run).get("sac");
        assertEquals(3, sac.get("n_step").intValue());
        assertEquals("prioritized", sac.get("replay").textValue());
        JsonNode per = sac.get("prioritized");
        assertEquals(List.of("alpha", "beta0", "eps"), fieldNames(per));
        assertEquals(0.5, per.get("alpha").doubleValue(), "alpha from the file");
        assertEquals(0.3, per.get("beta0").doubleValue(), "beta0 from the command line");
        assertEquals(1e-6, per.get("eps").doubleValue(), "eps the default");
        List<String> whole = CheckpointCliTest.csvWithoutWall(run);
        Files.delete(Checkpoints.file(run, 200));
        MainTest.Result resumed = MainTest.run("train", "--resume", run.toString(), "--quiet", "--threads", "1");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(whole, CheckpointCliTest.csvWithoutWall(run), "resumed from step 100 with both options on");
        assertOneLineError(MainTest.run("train", "--env", "Pendulum-v1", "--per-alpha", "0.5", "--out",
                tmp.resolve("bad").toString()), "--per-alpha, --per-beta0 and --per-eps need --prioritized");
    }

    @Test
    void jsonAndYamlGiveTheSameRun(@TempDir Path tmp) throws IOException {
        Path yaml = Files.writeString(tmp.resolve("run.yml"), YAML);
        Path json = Files.writeString(tmp.resolve("run.json"), JSON);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, MainTest.run("train", "--config", yaml.toString(), "--threads", "1", "--out", a.toString()).code());
        assertEquals(0, MainTest.run("train", "--config", json.toString(), "--threads", "1", "--out", b.toString()).code());
        JsonNode ca = config(a);
        JsonNode cb = config(b);
        assertEquals(yaml.toString(), ca.get("config_file").textValue());
        assertEquals(json.toString(), cb.get("config_file").textValue());
        List<String> differ = new ArrayList<>();
        ca.fieldNames().forEachRemaining(k -> {
            if (!Objects.equals(ca.get(k), cb.get(k))) {
                differ.add(k);
            }
        });
        assertEquals(List.of("config_file"), differ, "config.json equal apart from the file's name");
        assertEquals(CheckpointCliTest.csvWithoutWall(a), CheckpointCliTest.csvWithoutWall(b));
    }

    @Test
    void aRunTrainedFromAConfigFileResumesWithoutIt(@TempDir Path tmp) throws IOException {
        String yaml = YAML.replace("steps: 300", "steps: 400") + "checkpoint-every: 200\nthreads: 1\n";
        Path file = Files.writeString(tmp.resolve("run.yaml"), yaml);
        Path whole = tmp.resolve("whole");
        Path cut = tmp.resolve("cut");
        assertEquals(0, MainTest.run("train", "--config", file.toString(), "--out", whole.toString()).code());
        assertEquals(0, MainTest.run("train", "--config", file.toString(), "--out", cut.toString()).code());
        Files.delete(Checkpoints.file(cut, 400));
        Files.delete(file);

        MainTest.Result r = MainTest.run("train", "--resume", cut.toString(), "--quiet", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("continuing from") && r.out().contains("step-200"), r.out());
        assertEquals(CheckpointCliTest.csvWithoutWall(whole), CheckpointCliTest.csvWithoutWall(cut), "resumed from step 200 with the file gone");
        assertEquals(5, Files.readAllLines(cut.resolve("metrics.csv")).size());

        assertOneLineError(MainTest.run("train", "--resume", cut.toString(), "--config", file.toString()),
                "--config would change the run");
    }

    @Test
    void eachBadFileGivesOneLineNamingTheFileAndLine(@TempDir Path tmp) throws IOException {
        String[][] cases = {
            // file name, content, expected fragment
            {"a.yaml", "env: Pendulum-v1\nstepz: 300\n", "a.yaml line 2: unknown key 'stepz'; keys are the options of"},
            {"b.yaml", "env: Pendulum-v1\nbatch_size: 16\n", "b.yaml line 2: unknown key 'batch_size' (did you mean"
                    + " 'batch-size'?)"},
            {"c.yaml", "env: Pendulum-v1\nsteps: ten\n", "c.yaml line 2: steps: Invalid value for option '--steps':"
                    + " 'ten' is not a long"},
            {"d.yaml", "steps: [300, 400]\n", "d.yaml line 1: steps takes one value, not a list"},
            {"e.yaml", "quiet: 3\n", "e.yaml line 1: quiet is a flag: write 'quiet: true' (or false), not '3'"},
            {"f.yaml", "\n\ngamma: true\n", "f.yaml line 3: gamma takes a value, not true"},
            {"g.yaml", "hidden: [16, 16\n", "g.yaml line 1: a list '[' without its closing ']'"},
            {"h.yaml", "env: Pendulum-v1\n  steps: 3\n", "h.yaml line 2: an indented line that is not a list item"},
            {"i.yaml", "steps: 3\nsteps: 4\n", "i.yaml line 2: key 'steps' given twice"},
            {"j.yaml", "resume: runs/x\n", "j.yaml line 1: key not allowed in a file: 'resume'"},
            {"k.yaml", "hidden:\n  - 16\n  - [8]\n", "k.yaml line 3: a list inside a list"},
            {"l.yaml", "hidden:\nsteps: 3\n", "l.yaml line 1: hidden has no value"},
            {"m.yaml", "env: &anchor Pendulum-v1\n", "m.yaml line 1: '&' starts a YAML feature"},
            {"n.yaml", "hidden: [16, x]\n", "n.yaml line 1: hidden: Invalid value for option '--hidden'"},
            {"o.yaml", "just words\n", "o.yaml line 1: expected 'key: value', got 'just words'"},
            {"p.json", "{\"env\": \"Pendulum-v1\",\n \"steps\": 300,\n", "p.json: malformed JSON at line 3, column 1"},
            {"q.json", "{\"env\": \"Pendulum-v1\",\n  \"gamma\": {\"a\": 1}}",
                "q.json line 2: gamma is a nested object"},
            {"r.json", "{\"steps\": 3,\n \"steps\": 4}", "r.json: malformed JSON at line 2, column 9: Duplicate field 'steps'"},
            {"s.json", "[\"--steps\", \"3\"]", "s.json: malformed JSON at line 1, column 1: expected an object"},
            {"t.json", "{\"seed\": \"x\"}", "t.json line 1: seed: Invalid value for option '--seed': 'x' is not a long"},
            {"u.toml", "steps = 3\n", "u.toml: unknown format; name the file .yaml, .yml or .json"},
            // a bad value the command line overrides is still reported: a file is valid on its own or not at all
            {"v.yaml", "env: Pendulum-v1\nsteps: ten\n", "v.yaml line 2: steps:"},
        };
        for (String[] c : cases) {
            Path file = Files.writeString(tmp.resolve(c[0]), c[1]);
            Path out = tmp.resolve("out-" + c[0]);
            MainTest.Result r = MainTest.run("train", "--config", file.toString(), "--steps", "100", "--out",
                    out.toString());
            assertOneLineError(r, "--config " + file + (c[2].startsWith(c[0]) ? c[2].substring(c[0].length()) : c[2]));
            assertFalse(Files.exists(out), c[0] + ": a rejected run creates no directory");
        }
        assertOneLineError(MainTest.run("train", "--config", tmp.resolve("missing.yaml").toString()),
                "--config " + tmp.resolve("missing.yaml") + ": no such file");
        Files.write(tmp.resolve("latin1.yaml"), "env: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertOneLineError(MainTest.run("train", "--config", tmp.resolve("latin1.yaml").toString()), ": not UTF-8 text");
        // A range error is the option's own message, as on the command line.
        Files.writeString(tmp.resolve("range.yaml"), "env: Pendulum-v1\ngamma: 2\n");
        assertOneLineError(MainTest.run("train", "--config", tmp.resolve("range.yaml").toString(), "--out",
                tmp.resolve("range").toString()), "gamma must be in [0, 1], got 2.0");
        assertFalse(Files.exists(tmp.resolve("range")));
    }

    @Test
    void yamlSubsetReadsScalarsQuotesListsAndComments() {
        List<ConfigFile.Entry> e = FlatYaml.parse("""
                ---
                # comment
                env: 'Pendulum-v1'   # trailing comment
                out: "runs/a #1"
                hidden: [400, 300]
                lr: 7.3e-4
                quiet: false
                list:
                - 1
                - '2'
                """, "f");
        assertEquals(List.of(new ConfigFile.Entry("env", "Pendulum-v1", 3), new ConfigFile.Entry("out", "runs/a #1", 4),
                new ConfigFile.Entry("hidden", List.of("400", "300"), 5), new ConfigFile.Entry("lr", "7.3e-4", 6),
                new ConfigFile.Entry("quiet", false, 7), new ConfigFile.Entry("list", List.of("1", "2"), 8)), e);
        assertEquals(List.of(new ConfigFile.Entry("steps", "300", 2), new ConfigFile.Entry("lr", "3e-4", 3)),
                ConfigFile.parseJson("{\n \"steps\": 300,\n \"lr\": 3e-4}", "f"), "JSON numbers as written");
    }

    /** Like ConfigFuzzTest for config.json: whatever a YAML or JSON file holds, only a one-line bad-input error. */
    @Test
    void mutatedFilesGiveOnlyOneLineBadInputErrors() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new TrainCommand()).getCommandSpec();
        Rng rng = new Rng(7);
        String alphabet = "{}[]\"':,#-&*!|>~ \n\t.0123456789eEtrufalsnhiddenstepsquiet";
        int refused = 0;
        for (int i = 0; i < 600; i++) {
            boolean yaml = i % 2 == 0;
            StringBuilder sb = new StringBuilder(yaml ? YAML : JSON);
            for (int k = 1 + rng.nextInt(4); k > 0; k--) {
                int at = rng.nextInt(sb.length());
                switch (rng.nextInt(3)) {
                    case 0 -> sb.setCharAt(at, alphabet.charAt(rng.nextInt(alphabet.length())));
                    case 1 -> sb.insert(at, alphabet.charAt(rng.nextInt(alphabet.length())));
                    default -> sb.deleteCharAt(at);
                }
            }
            String text = sb.toString();
            try {
                List<ConfigFile.Entry> entries = yaml ? FlatYaml.parse(text, "--config f")
                        : ConfigFile.parseJson(text, "--config f");
                for (ConfigFile.Entry e : entries) {
                    ConfigFile.tokens(e, spec, "--config f");
                }
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                assertTrue(m.startsWith("--config f") && m.lines().count() == 1, text + " -> " + m);
                refused++;
            } catch (RuntimeException | Error e) {
                fail("file text " + text + " threw " + e, e);
            }
        }
        assertTrue(refused > 150, "many mutations are refused: " + refused);
    }
}
