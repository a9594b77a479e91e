package io.sac4j.env;

/** The integers {@code 0 .. n-1}; an action is carried as a one-element float vector holding the index. */
public record Discrete(int n) implements Space {
    public Discrete {
        if (n < 1) {
            throw new IllegalArgumentException("Discrete space needs n >= 1, got " + n);
        }
    }

    @Override
    public int flatSize() {
        return 1;
    }

    public boolean contains(int a) {
        return a >= 0 && a < n;
    }
}
