package io.sac4j;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN.md's layering: each package of sac4j-core imports only packages above it in this list,
 * and every package has a package-info.java. {@code (io.sac4j)} is the root package itself, whose
 * one-call entry {@code Sac} sits on top of everything.
 */
class ArchitectureTest {
    static final List<String> LAYERS = List.of("tensor", "random", "proto", "autodiff", "nn", "optim", "distributions",
            "env", "buffer", "checkpoint", "game", "tabular", "policy", "sac", "train", "(io.sac4j)");
    private static final Pattern REF = Pattern.compile("\\bio\\.sac4j\\.([a-z]+)\\b");

    @Test
    void packagesImportOnlyLowerLayers() throws IOException {
        Path root = Path.of("src/main/java/io/sac4j");
        assertTrue(Files.isDirectory(root), "run from the sac4j-core module directory");
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                Path rel = root.relativize(f);
                // A file right in io.sac4j (the one-call entry Sac) is the top layer.
                String pkg = rel.getNameCount() == 1 ? "(io.sac4j)" : rel.getName(0).toString();
                int level = LAYERS.indexOf(pkg);
                if (level < 0) {
                    violations.add(f + ": package '" + pkg + "' is not in DESIGN.md's list");
                    continue;
                }
                String text = Files.readString(f);
                Matcher m = REF.matcher(text);
                while (m.find()) {
                    String used = m.group(1);
                    int usedLevel = LAYERS.indexOf(used);
                    if (usedLevel > level) {
                        violations.add(f + ": " + pkg + " uses io.sac4j." + used);
                    }
                }
            }
        }
        assertTrue(files > 20);
        assertEquals(List.of(), violations);
    }

    @Test
    void everyPackageHasPackageInfo() throws IOException {
        Path root = Path.of("src/main/java/io/sac4j");
        // Subpackages (env.classic) too: every folder that holds Java sources.
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory).filter(ArchitectureTest::holdsJava)::iterator) {
                assertTrue(Files.exists(d.resolve("package-info.java")), d + " has no package-info.java");
            }
        }
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
