package io.sac4j.env;

/** The set of valid observations or actions of an environment. */
public sealed interface Space permits Box, Discrete {
    /** The length of the float vector that carries one element of this space. */
    int flatSize();
}
