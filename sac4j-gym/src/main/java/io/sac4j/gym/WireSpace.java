package io.sac4j.gym;

import io.sac4j.env.Box;
import io.sac4j.env.Discrete;
import io.sac4j.env.Space;
import io.sac4j.gym.proto.BoxSpace;
import io.sac4j.gym.proto.DType;
import io.sac4j.gym.proto.DiscreteSpace;

import java.util.Arrays;

/**
 * A space as the wire carries it, and its sac4j view: a {@link Box} of rank 0 or 1 (the flat vectors
 * sac4j's networks take) or a {@link Discrete} (Gymnasium's {@code start} offset removed: sac4j
 * counts from 0). Anything else is refused when the session opens, with a message naming the space,
 * rather than failing later inside training.
 *
 * @param space  the sac4j space
 * @param shape  the shape of one element on the wire ({@code []} for a Discrete)
 * @param dtype  the element type on the wire
 * @param start  Gymnasium's Discrete {@code start}; 0 for a Box
 */
record WireSpace(Space space, long[] shape, DType dtype, long start) {
    /** Elements in one observation or action. */
    int flatSize() {
        return space.flatSize();
    }

    /**
     * The sac4j view of {@code s}.
     *
     * @param role   "observation" or "action", for messages
     * @param action whether actions of this space are sent (a Box must then be of a float dtype)
     * @throws IllegalArgumentException naming {@code envName}, the role and the space when sac4j cannot train on it
     */
    static WireSpace of(io.sac4j.gym.proto.Space s, String role, boolean action, String envName) {
        String supported = "; sac4j trains on Box spaces of rank 0 or 1 (float, or integer observations) and"
                + " Discrete spaces";
        switch (s.getKindCase()) {
            case BOX -> {
                BoxSpace b = s.getBox();
                long[] shape = b.getShapeList().stream().mapToLong(Long::longValue).toArray();
                String desc = "Box(shape " + Arrays.toString(shape) + ", " + b.getDtype() + ")";
                if (b.getDtype() == DType.UINT8) {
                    throw new IllegalArgumentException(envName + ": the " + role + " space " + desc
                            + " is not supported: uint8 arrays are images, which need a convolutional network"
                            + supported);
                }
                if (shape.length > 1) {
                    throw new IllegalArgumentException(envName + ": the " + role + " space " + desc
                            + " is not supported: rank " + shape.length + " (wrap the env in gymnasium's"
                            + " FlattenObservation for non-image arrays)" + supported);
                }
                boolean isFloat = b.getDtype() == DType.FLOAT32 || b.getDtype() == DType.FLOAT64;
                boolean isInt = b.getDtype() == DType.INT32 || b.getDtype() == DType.INT64 || b.getDtype() == DType.BOOL;
                if (!isFloat && !(isInt && !action)) {
                    throw new IllegalArgumentException(envName + ": the " + role + " space " + desc
                            + " is not supported" + supported);
                }
                int n = shape.length == 0 ? 1 : Math.toIntExact(shape[0]);
                if (n < 1 || b.getLowCount() != n || b.getHighCount() != n) {
                    throw new IllegalArgumentException(envName + ": the " + role + " space " + desc + " has "
                            + b.getLowCount() + " low and " + b.getHighCount() + " high bounds for " + n
                            + " elements");
                }
                float[] low = new float[n];
                float[] high = new float[n];
                for (int i = 0; i < n; i++) {
                    low[i] = (float) b.getLow(i);
                    high[i] = (float) b.getHigh(i);
                }
                return new WireSpace(new Box(low, high), shape, b.getDtype(), 0);
            }
            case DISCRETE -> {
                DiscreteSpace d = s.getDiscrete();
                if (d.getN() < 1 || d.getN() > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(envName + ": the " + role + " space Discrete(" + d.getN()
                            + ") is not supported" + supported);
                }
                return new WireSpace(new Discrete((int) d.getN()), new long[0], DType.INT64, d.getStart());
            }
            case UNSUPPORTED -> throw new IllegalArgumentException(envName + ": the " + role + " space "
                    + EnvServiceClient.oneLine(s.getUnsupported()) + " is not supported" + supported);
            default -> throw new IllegalArgumentException(envName + ": the server sent no " + role + " space");
        }
    }

    @Override
    public String toString() {
        return space + " as " + dtype + Arrays.toString(shape);
    }
}
