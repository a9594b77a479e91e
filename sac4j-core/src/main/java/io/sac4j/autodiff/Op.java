package io.sac4j.autodiff;

/** The operations a {@link Tape} records. */
enum Op {
    LEAF, MATMUL, LINEAR, ADD, SUB, MUL, SCALE, ADD_SCALAR, RELU, TANH, EXP, LOG, SOFTPLUS, SQUARE, CLAMP, MIN,
    SUM_ROWS, SUM_COLS, SUM_ALL, CONCAT_COLS, LOG_SOFTMAX, POINTWISE2, EXTERNAL
}
