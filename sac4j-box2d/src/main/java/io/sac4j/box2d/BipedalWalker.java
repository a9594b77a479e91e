package io.sac4j.box2d;

import io.sac4j.env.Actions;
import io.sac4j.env.Box;
import io.sac4j.env.Env;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;
import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.callbacks.RayCastCallback;
import org.jbox2d.collision.Manifold;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.contacts.Contact;
import org.jbox2d.dynamics.joints.RevoluteJoint;
import org.jbox2d.dynamics.joints.RevoluteJointDef;

/**
 * Gymnasium's {@code BipedalWalker-v3} and, with {@code hardcore}, {@code BipedalWalkerHardcore-v3}
 * ({@code gymnasium/envs/box2d/bipedal_walker.py}) on JBox2D: a hull on two legs of two segments
 * each must walk to the far end of a generated terrain.
 *
 * <p>Action {@code a in [-1, 1]^4} (hip, knee, hip, knee): joint {@code j}'s motor runs at speed
 * {@code SPEED_j sign(a_j)} (4 for hips, 6 for knees) with at most {@code 80 clip(|a_j|, 0, 1)} of
 * torque; then the world steps by 1/50 s. Ten lidar rays of length 160/SCALE start at the hull,
 * ray {@code i} towards {@code (sin(1.5 i / 10), -cos(1.5 i / 10))}, and report the fraction of the
 * closest hit on the terrain (1 without one). Observation (float32, 24):
 * <pre>
 *   [hull angle, 2 omega / FPS, 0.3 vx (W / FPS), 0.3 vy (H / FPS),          W = 600/SCALE, H = 400/SCALE
 *    hip0 angle, hip0 speed / 4, knee0 angle + 1, knee0 speed / 6, leg0 contact,
 *    hip1 angle, hip1 speed / 4, knee1 angle + 1, knee1 speed / 6, leg1 contact, 10 lidar fractions]
 * </pre>
 * Reward: {@code shaping = 130 x / SCALE - 5 |hull angle|};
 * {@code r = shaping - previous shaping - sum_j 0.00035 * 80 * clip(|a_j|, 0, 1)}. Terminated with
 * {@code r = -100} when the hull touches the ground or {@code x < 0}; terminated (reward kept) past
 * {@code x > (200 - 10) TERRAIN_STEP}. Terrain: 200 points {@code 14/SCALE} apart, a flat start pad
 * of 20, then grass whose height follows {@code v = 0.8 v + 0.01 sign(H/4 - y) + U(-1, 1) / SCALE};
 * in hardcore mode each grass stretch ({@code U{5..9}} points) is followed by a stump (side 1 or 2
 * steps), stairs (3 or 4 steps of width 4, up or down) or a pit (3 or 4 steps wide, 4 deep), drawn
 * uniformly. Reset pushes the hull by {@code (U(-5, 5), 0)} and takes one zero-action step, as
 * Gymnasium does. The registry applies 1600 (normal) or 2000 (hardcore) steps. All randomness comes
 * from the {@link Rng} seeded by {@link #reset(long)}; the differences from pybox2d are listed in
 * the module's README.
 */
public final class BipedalWalker implements Env {
    public static final String ID = "BipedalWalker-v3";
    public static final String HARDCORE_ID = "BipedalWalkerHardcore-v3";
    public static final int MAX_EPISODE_STEPS = 1600;
    public static final int HARDCORE_MAX_EPISODE_STEPS = 2000;

    public static final float FPS = 50f;
    public static final float SCALE = 30f;
    public static final float MOTORS_TORQUE = 80f;
    public static final float SPEED_HIP = 4f;
    public static final float SPEED_KNEE = 6f;
    public static final float LIDAR_RANGE = 160 / SCALE;
    public static final int LIDAR_RAYS = 10;
    public static final double INITIAL_RANDOM = 5.0;
    /** The hull in pixels (divided by SCALE in the world). */
    public static final int[][] HULL_POLY = {{-30, 9}, {6, 9}, {34, 1}, {34, -8}, {-30, -8}};
    public static final float LEG_DOWN = -8 / SCALE;
    public static final float LEG_W = 8 / SCALE;
    public static final float LEG_H = 34 / SCALE;
    public static final int VIEWPORT_W = 600;
    public static final int VIEWPORT_H = 400;
    public static final double TERRAIN_STEP = 14 / SCALE;
    public static final int TERRAIN_LENGTH = 200;
    public static final double TERRAIN_HEIGHT = VIEWPORT_H / SCALE / 4;
    public static final int TERRAIN_GRASS = 10;
    public static final int TERRAIN_STARTPAD = 20;
    public static final float FRICTION = 2.5f;

    private static final int GRASS = 0;
    private static final int STUMP = 1;
    private static final int STAIRS = 2;
    private static final int PIT = 3;
    private static final int STATES = 4;
    private static final float DT = 1f / FPS;

    private static final Box OBSERVATION_SPACE;
    private static final Box ACTION_SPACE = Box.uniform(4, -1f, 1f);

    static {
        float pi = (float) Math.PI;
        float[] high = {pi, 5f, 5f, 5f, pi, 5f, pi, 5f, 5f, pi, 5f, pi, 5f, 5f,
            1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};
        float[] low = new float[high.length];
        for (int i = 0; i < high.length; i++) {
            low[i] = (i == 8 || i == 13) ? -0f : -high[i];
        }
        OBSERVATION_SPACE = new Box(low, high);
    }

    private final boolean hardcore;
    private final String id;
    private Rng rng = new Rng(0);
    private World world;
    private Body hull;
    /** Gymnasium's order: upper -1, lower -1, upper +1, lower +1. */
    private final Body[] legs = new Body[4];
    /** hip -1, knee -1, hip +1, knee +1. */
    private final RevoluteJoint[] joints = new RevoluteJoint[4];
    private final boolean[] groundContact = new boolean[4];
    private boolean gameOver;
    private double prevShaping;
    private boolean hasPrevShaping;
    private final double[] terrainX = new double[TERRAIN_LENGTH];
    private final double[] terrainY = new double[TERRAIN_LENGTH];
    private int obstacles;
    private boolean started;
    private boolean done;

    private final Lidar lidar = new Lidar();
    private final Vec2 rayFrom = new Vec2();
    private final Vec2 rayTo = new Vec2();
    private final float[] zeroAction = new float[4];

    /** {@code BipedalWalker-v3}. */
    public BipedalWalker() {
        this(false);
    }

    /** {@code BipedalWalkerHardcore-v3} when {@code hardcore}, else {@code BipedalWalker-v3}. */
    public BipedalWalker(boolean hardcore) {
        this.hardcore = hardcore;
        this.id = hardcore ? HARDCORE_ID : ID;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Box observationSpace() {
        return OBSERVATION_SPACE;
    }

    @Override
    public Box actionSpace() {
        return ACTION_SPACE;
    }

    public boolean hardcore() {
        return hardcore;
    }

    @Override
    public float[] reset(long seed) {
        rng = new Rng(seed);
        return reset();
    }

    @Override
    public float[] reset() {
        world = Physics.world(-10f);
        world.setContactListener(new Contacts());
        gameOver = false;
        hasPrevShaping = false;
        java.util.Arrays.fill(groundContact, false);
        generateTerrain();

        float initX = (float) (TERRAIN_STEP * TERRAIN_STARTPAD / 2);
        float initY = (float) (TERRAIN_HEIGHT + 2 * LEG_H);
        hull = Physics.dynamicBody(world, initX, initY, 0f);
        double[] poly = new double[2 * HULL_POLY.length];
        for (int i = 0; i < HULL_POLY.length; i++) {
            poly[2 * i] = HULL_POLY[i][0] / SCALE;
            poly[2 * i + 1] = HULL_POLY[i][1] / SCALE;
        }
        hull.createFixture(Physics.fixture(Physics.polygon(poly), 5f, 0.1f, 0f, 0x0020, 0x0001));
        hull.setMassData(Physics.polygonMass(poly, 5f)); // JBox2D's polygon inertia is off: see Physics
        hull.applyForceToCenter(new Vec2((float) rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM), 0f));

        for (int k = 0; k < 2; k++) {
            int i = k == 0 ? -1 : +1;
            Body upper = Physics.dynamicBody(world, initX, initY - LEG_H / 2 - LEG_DOWN, i * 0.05f);
            upper.createFixture(Physics.fixture(Physics.box(LEG_W / 2, LEG_H / 2), 1f, 0.2f, 0f, 0x0020, 0x0001));
            joints[2 * k] = joint(hull, upper, 0f, LEG_DOWN, i, -0.8f, 1.1f);
            legs[2 * k] = upper;
            Body lower = Physics.dynamicBody(world, initX, initY - LEG_H * 3 / 2 - LEG_DOWN, i * 0.05f);
            lower.createFixture(Physics.fixture(Physics.box(0.8f * LEG_W / 2, LEG_H / 2), 1f, 0.2f, 0f, 0x0020, 0x0001));
            joints[2 * k + 1] = joint(upper, lower, 0f, -LEG_H / 2, 1f, -1.6f, -0.1f);
            legs[2 * k + 1] = lower;
        }
        started = true;
        done = false;
        return advance(zeroAction).observation();
    }

    private RevoluteJoint joint(Body a, Body b, float anchorAx, float anchorAy, float motorSpeed, float lower, float upper) {
        RevoluteJointDef rjd = new RevoluteJointDef();
        rjd.bodyA = a;
        rjd.bodyB = b;
        rjd.localAnchorA.set(anchorAx, anchorAy);
        rjd.localAnchorB.set(0f, LEG_H / 2);
        rjd.enableMotor = true;
        rjd.enableLimit = true;
        rjd.maxMotorTorque = MOTORS_TORQUE;
        rjd.motorSpeed = motorSpeed;
        rjd.lowerAngle = lower;
        rjd.upperAngle = upper;
        return (RevoluteJoint) world.createJoint(rjd);
    }

    /** Gymnasium's {@code _generate_terrain}, drawing from {@link #rng} in the same order. */
    private void generateTerrain() {
        Body ground = Physics.staticBody(world);
        obstacles = 0;
        int state = GRASS;
        double velocity = 0.0;
        double y = TERRAIN_HEIGHT;
        int counter = TERRAIN_STARTPAD;
        boolean oneshot = false;
        int stairSteps = 0;
        int stairWidth = 0;
        int stairHeight = 0;
        double originalY = 0;
        final double ts = TERRAIN_STEP;
        for (int i = 0; i < TERRAIN_LENGTH; i++) {
            double x = i * ts;
            terrainX[i] = x;
            if (state == GRASS && !oneshot) {
                velocity = 0.8 * velocity + 0.01 * Math.signum(TERRAIN_HEIGHT - y);
                if (i > TERRAIN_STARTPAD) {
                    velocity += rng.uniform(-1, 1) / SCALE;
                }
                y += velocity;
            } else if (state == PIT && oneshot) {
                counter = 3 + rng.nextInt(2);
                obstacle(ground, x, y, x + ts, y, x + ts, y - 4 * ts, x, y - 4 * ts);
                double dx = ts * counter;
                obstacle(ground, x + dx, y, x + ts + dx, y, x + ts + dx, y - 4 * ts, x + dx, y - 4 * ts);
                counter += 2;
                originalY = y;
            } else if (state == PIT) {
                y = originalY;
                if (counter > 1) {
                    y -= 4 * ts;
                }
            } else if (state == STUMP && oneshot) {
                counter = 1 + rng.nextInt(2);
                double side = counter * ts;
                obstacle(ground, x, y, x + side, y, x + side, y + side, x, y + side);
            } else if (state == STAIRS && oneshot) {
                stairHeight = rng.nextDouble() > 0.5 ? +1 : -1;
                stairWidth = 4; // numpy integers(4, 5)
                stairSteps = 3 + rng.nextInt(2);
                originalY = y;
                for (int s = 0; s < stairSteps; s++) {
                    double x0 = x + (s * stairWidth) * ts;
                    double x1 = x + ((1 + s) * stairWidth) * ts;
                    double top = y + (s * stairHeight) * ts;
                    double bottom = y + (-1 + s * stairHeight) * ts;
                    obstacle(ground, x0, top, x1, top, x1, bottom, x0, bottom);
                }
                counter = stairSteps * stairWidth;
            } else if (state == STAIRS) {
                int s = stairSteps * stairWidth - counter - stairHeight;
                double n = (double) s / stairWidth;
                y = originalY + (n * stairHeight) * ts;
            }
            oneshot = false;
            terrainY[i] = y;
            counter--;
            if (counter == 0) {
                counter = TERRAIN_GRASS / 2 + rng.nextInt(TERRAIN_GRASS - TERRAIN_GRASS / 2);
                if (state == GRASS && hardcore) {
                    state = 1 + rng.nextInt(STATES - 1);
                } else {
                    state = GRASS;
                }
                oneshot = true;
            }
        }
        for (int i = 0; i < TERRAIN_LENGTH - 1; i++) {
            FixtureDef fd = Physics.fixture(Physics.edge(terrainX[i], terrainY[i], terrainX[i + 1], terrainY[i + 1]),
                    0f, FRICTION, 0f, 0x0001, 0xFFFF);
            ground.createFixture(fd);
        }
    }

    private void obstacle(Body ground, double... xy) {
        ground.createFixture(Physics.fixture(Physics.polygon(xy), 0f, FRICTION, 0f, 0x0001, 0xFFFF));
        obstacles++;
    }

    @Override
    public Step step(float[] action) {
        Actions.check(id, action, 4);
        Actions.requireRunning(id, started, done);
        Step s = advance(action);
        done = s.terminated();
        return s;
    }

    private Step advance(float[] action) {
        for (int j = 0; j < 4; j++) {
            float speed = (j % 2 == 0) ? SPEED_HIP : SPEED_KNEE;
            joints[j].setMotorSpeed(speed * Math.signum(action[j]));
            joints[j].setMaxMotorTorque(MOTORS_TORQUE * Physics.clip(Math.abs(action[j]), 0f, 1f));
        }
        world.step(DT, Physics.VELOCITY_ITERATIONS, Physics.POSITION_ITERATIONS);

        Vec2 pos = hull.getPosition();
        Vec2 vel = hull.getLinearVelocity();
        float[] obs = new float[24];
        for (int i = 0; i < LIDAR_RAYS; i++) {
            lidar.fraction = 1f;
            rayFrom.set(pos);
            rayTo.set((float) (pos.x + StrictMath.sin(1.5 * i / 10.0) * LIDAR_RANGE),
                    (float) (pos.y - StrictMath.cos(1.5 * i / 10.0) * LIDAR_RANGE));
            world.raycast(lidar, rayFrom, rayTo);
            obs[14 + i] = lidar.fraction;
        }
        double angle = hull.getAngle();
        obs[0] = (float) angle;
        obs[1] = (float) (2.0 * hull.getAngularVelocity() / FPS);
        obs[2] = (float) (0.3 * vel.x * (VIEWPORT_W / SCALE) / FPS);
        obs[3] = (float) (0.3 * vel.y * (VIEWPORT_H / SCALE) / FPS);
        obs[4] = joints[0].getJointAngle();
        obs[5] = joints[0].getJointSpeed() / SPEED_HIP;
        obs[6] = joints[1].getJointAngle() + 1f;
        obs[7] = joints[1].getJointSpeed() / SPEED_KNEE;
        obs[8] = groundContact[1] ? 1f : 0f;
        obs[9] = joints[2].getJointAngle();
        obs[10] = joints[2].getJointSpeed() / SPEED_HIP;
        obs[11] = joints[3].getJointAngle() + 1f;
        obs[12] = joints[3].getJointSpeed() / SPEED_KNEE;
        obs[13] = groundContact[3] ? 1f : 0f;

        double shaping = 130 * pos.x / SCALE - 5.0 * Math.abs(angle);
        double reward = hasPrevShaping ? shaping - prevShaping : 0.0;
        prevShaping = shaping;
        hasPrevShaping = true;
        for (float a : action) {
            reward -= 0.00035 * MOTORS_TORQUE * Physics.clip(Math.abs(a), 0f, 1f);
        }
        boolean terminated = false;
        if (gameOver || pos.x < 0) {
            reward = -100;
            terminated = true;
        }
        if (pos.x > (TERRAIN_LENGTH - TERRAIN_GRASS) * TERRAIN_STEP) {
            terminated = true;
        }
        return new Step(obs, reward, terminated, false);
    }

    /** The hull's x position in world units (the reward's {@code 130 x / SCALE} term). */
    public double hullX() {
        return hull.getPosition().x;
    }

    /** The terrain profile's heights at its 200 points (world units), as drawn at the last reset. */
    public double[] terrainY() {
        return terrainY.clone();
    }

    /** The number of obstacle polygons (stumps, stair steps, pit walls) built at the last reset. */
    public int obstacleCount() {
        return obstacles;
    }

    /** Gymnasium's {@code LidarCallback}: ignores non-terrain fixtures, clips the ray at each hit. */
    private static final class Lidar implements RayCastCallback {
        float fraction;

        @Override
        public float reportFixture(Fixture fixture, Vec2 point, Vec2 normal, float f) {
            if ((fixture.getFilterData().categoryBits & 1) == 0) {
                return -1f;
            }
            fraction = f;
            return f;
        }
    }

    /** Gymnasium's {@code ContactDetector}: the hull touching anything ends the game; lower legs report contact. */
    private final class Contacts implements ContactListener {
        @Override
        public void beginContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            if (a == hull || b == hull) {
                gameOver = true;
            }
            for (int i = 1; i < 4; i += 2) {
                if (a == legs[i] || b == legs[i]) {
                    groundContact[i] = true;
                }
            }
        }

        @Override
        public void endContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            for (int i = 1; i < 4; i += 2) {
                if (a == legs[i] || b == legs[i]) {
                    groundContact[i] = false;
                }
            }
        }

        @Override
        public void preSolve(Contact contact, Manifold oldManifold) {
        }

        @Override
        public void postSolve(Contact contact, ContactImpulse impulse) {
        }
    }
}
