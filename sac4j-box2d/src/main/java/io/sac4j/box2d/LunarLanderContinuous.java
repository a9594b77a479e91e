package io.sac4j.box2d;

import io.sac4j.env.Actions;
import io.sac4j.env.Box;
import io.sac4j.env.Env;
import io.sac4j.env.Step;
import io.sac4j.random.Rng;
import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.collision.Manifold;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.contacts.Contact;
import org.jbox2d.dynamics.joints.RevoluteJointDef;

/**
 * Gymnasium's {@code LunarLanderContinuous-v3} ({@code gymnasium/envs/box2d/lunar_lander.py},
 * {@code LunarLander(continuous=True)}, no wind) on JBox2D: land a two-legged craft on the pad
 * between the flags at {@code (0, 0)}.
 *
 * <p>Action {@code a in [-1, 1]^2}, clipped. Main engine: off for {@code a0 <= 0}, else throttle
 * {@code m = (clip(a0, 0, 1) + 1) / 2}. Side engines: off for {@code |a1| <= 0.5}, else direction
 * {@code sign(a1)} and throttle {@code s = clip(|a1|, 0.5, 1)}. Each step draws the dispersion
 * {@code d_j ~ U(-1, 1) / SCALE} (j = 0, 1); with {@code tip = (sin angle, cos angle)},
 * {@code side = (-tip_y, tip_x)} the engines apply the impulses
 * <pre>
 *   main: o = ( tip_x (4/SCALE + 2 d0) + side_x d1,  -tip_y (4/SCALE + 2 d0) - side_y d1)
 *         impulse -13 m o at position + o
 *   side: o = ( tip_x d0 + side_x (3 d1 + dir 12/SCALE), -tip_y d0 - side_y (3 d1 + dir 12/SCALE))
 *         impulse -0.6 s o at position + o + (-tip_x 17/SCALE, tip_y 14/SCALE)
 * </pre>
 * then step the world by 1/50 s (180 velocity, 60 position iterations). Observation (float32):
 * <pre>
 *   [(x - W/2) / (W/2), (y - (helipad_y + 18/SCALE)) / (H/2), vx (W/2) / FPS, vy (H/2) / FPS,
 *    angle, 20 omega / FPS, leg0 contact, leg1 contact]          W = 600/SCALE, H = 400/SCALE
 * </pre>
 * Reward: {@code shaping = -100 sqrt(s0^2 + s1^2) - 100 sqrt(s2^2 + s3^2) - 100 |s4| + 10 s6 + 10 s7};
 * {@code r = shaping - previous shaping - 0.30 m - 0.03 s}. Terminated with {@code r = -100} when
 * the lander's body touches the ground or {@code |s0| >= 1}; with {@code r = +100} when the body
 * is asleep (at rest). Reset draws the terrain (12 heights {@code U(0, H/2)}, the 5 around the pad
 * set to {@code H/4}, smoothed over neighbours with Python's wrap-around at index -1), then the
 * initial force {@code U(-1000, 1000)^2} on the lander's centre, and takes one zero-action step,
 * as Gymnasium does. The registry applies Gymnasium's 1000-step limit. All randomness comes from
 * the {@link Rng} seeded by {@link #reset(long)}; the differences from pybox2d are listed in the
 * module's README.
 */
public final class LunarLanderContinuous implements Env {
    public static final String ID = "LunarLanderContinuous-v3";
    /** Gymnasium's registered {@code max_episode_steps}. */
    public static final int MAX_EPISODE_STEPS = 1000;

    public static final float FPS = 50f;
    public static final float SCALE = 30f;
    public static final double MAIN_ENGINE_POWER = 13.0;
    public static final double SIDE_ENGINE_POWER = 0.6;
    public static final double INITIAL_RANDOM = 1000.0;
    /** The lander's hull in pixels (divided by SCALE in the world). */
    public static final int[][] LANDER_POLY = {{-14, 17}, {-17, 0}, {-17, -10}, {17, -10}, {17, 0}, {14, 17}};
    public static final float LEG_AWAY = 20f;
    public static final float LEG_DOWN = 18f;
    public static final float LEG_W = 2f;
    public static final float LEG_H = 8f;
    public static final float LEG_SPRING_TORQUE = 40f;
    public static final double SIDE_ENGINE_HEIGHT = 14.0;
    public static final double SIDE_ENGINE_AWAY = 12.0;
    public static final double MAIN_ENGINE_Y_LOCATION = 4.0;
    public static final int VIEWPORT_W = 600;
    public static final int VIEWPORT_H = 400;
    public static final int CHUNKS = 11;
    public static final float GRAVITY = -10f;

    private static final double W = VIEWPORT_W / SCALE;
    private static final double H = VIEWPORT_H / SCALE;
    private static final float DT = 1f / FPS;

    /** Gymnasium v3's bounds: {@code [-2.5, -2.5, -10, -10, -2 pi, -10, 0, 0]} to their negation (legs: 1). */
    private static final Box OBSERVATION_SPACE = new Box(
            new float[] {-2.5f, -2.5f, -10f, -10f, (float) (-2 * Math.PI), -10f, -0f, -0f},
            new float[] {2.5f, 2.5f, 10f, 10f, (float) (2 * Math.PI), 10f, 1f, 1f});
    private static final Box ACTION_SPACE = Box.uniform(2, -1f, 1f);

    private Rng rng = new Rng(0);
    private World world;
    private Body lander;
    private final Body[] legs = new Body[2];
    private final boolean[] legContact = new boolean[2];
    private boolean gameOver;
    private double prevShaping;
    private boolean hasPrevShaping;
    private double helipadY;
    private final double[] smoothY = new double[CHUNKS];
    private boolean started;
    private boolean done;

    // Reused by every step: JBox2D copies the vectors it is given.
    private final Vec2 impulse = new Vec2();
    private final Vec2 impulsePos = new Vec2();
    private final float[] zeroAction = new float[2];

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Box observationSpace() {
        return OBSERVATION_SPACE;
    }

    @Override
    public Box actionSpace() {
        return ACTION_SPACE;
    }

    @Override
    public float[] reset(long seed) {
        rng = new Rng(seed);
        return reset();
    }

    @Override
    public float[] reset() {
        // A fresh world per episode (Gymnasium v3 fixed the nondeterminism of reusing one).
        world = Physics.world(GRAVITY);
        world.setContactListener(new Contacts());
        gameOver = false;
        hasPrevShaping = false;
        legContact[0] = false;
        legContact[1] = false;

        double[] height = new double[CHUNKS + 1];
        for (int i = 0; i <= CHUNKS; i++) {
            height[i] = rng.uniform(0, H / 2);
        }
        double[] chunkX = new double[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            chunkX[i] = W / (CHUNKS - 1) * i;
        }
        helipadY = H / 4;
        for (int i = CHUNKS / 2 - 2; i <= CHUNKS / 2 + 2; i++) {
            height[i] = helipadY;
        }
        for (int i = 0; i < CHUNKS; i++) {
            // Python's height[i - 1] at i = 0 is the last element.
            double left = height[i == 0 ? CHUNKS : i - 1];
            smoothY[i] = 0.33 * (left + height[i] + height[i + 1]);
        }
        Body moon = Physics.staticBody(world);
        moon.createFixture(Physics.fixture(Physics.edge(0, 0, W, 0), 0f, 0.2f, 0f, 0x0001, 0xFFFF));
        for (int i = 0; i < CHUNKS - 1; i++) {
            moon.createFixture(Physics.fixture(Physics.edge(chunkX[i], smoothY[i], chunkX[i + 1], smoothY[i + 1]),
                    0f, 0.1f, 0f, 0x0001, 0xFFFF));
        }

        float initialX = (float) (W / 2);
        float initialY = (float) H;
        lander = Physics.dynamicBody(world, initialX, initialY, 0f);
        double[] poly = new double[2 * LANDER_POLY.length];
        for (int i = 0; i < LANDER_POLY.length; i++) {
            poly[2 * i] = LANDER_POLY[i][0] / SCALE;
            poly[2 * i + 1] = LANDER_POLY[i][1] / SCALE;
        }
        lander.createFixture(Physics.fixture(Physics.polygon(poly), 5f, 0.1f, 0f, 0x0010, 0x0001));
        lander.setMassData(Physics.polygonMass(poly, 5f)); // JBox2D's polygon inertia is off: see Physics
        float fx = (float) rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM);
        float fy = (float) rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM);
        lander.applyForceToCenter(new Vec2(fx, fy));

        for (int k = 0; k < 2; k++) {
            int i = k == 0 ? -1 : +1;
            Body leg = Physics.dynamicBody(world, initialX - i * LEG_AWAY / SCALE, initialY, i * 0.05f);
            leg.createFixture(Physics.fixture(Physics.box(LEG_W / SCALE, LEG_H / SCALE), 1f, 0.2f, 0f, 0x0020, 0x0001));
            RevoluteJointDef rjd = new RevoluteJointDef();
            rjd.bodyA = lander;
            rjd.bodyB = leg;
            rjd.localAnchorA.set(0f, 0f);
            rjd.localAnchorB.set(i * LEG_AWAY / SCALE, LEG_DOWN / SCALE);
            rjd.enableMotor = true;
            rjd.enableLimit = true;
            rjd.maxMotorTorque = LEG_SPRING_TORQUE;
            rjd.motorSpeed = 0.3f * i;
            if (i == -1) {
                rjd.lowerAngle = 0.9f - 0.5f;
                rjd.upperAngle = 0.9f;
            } else {
                rjd.lowerAngle = -0.9f;
                rjd.upperAngle = -0.9f + 0.5f;
            }
            world.createJoint(rjd);
            legs[k] = leg;
        }
        started = true;
        done = false;
        return advance(zeroAction).observation();
    }

    @Override
    public Step step(float[] action) {
        Actions.check(ID, action, 2);
        Actions.requireRunning(ID, started, done);
        Step s = advance(action);
        done = s.terminated();
        return s;
    }

    private Step advance(float[] action) {
        float a0 = Physics.clip(action[0], -1f, 1f);
        float a1 = Physics.clip(action[1], -1f, 1f);
        double angle = lander.getAngle();
        double tipX = StrictMath.sin(angle);
        double tipY = StrictMath.cos(angle);
        double sideX = -tipY;
        double sideY = tipX;
        double d0 = rng.uniform(-1.0, 1.0) / SCALE;
        double d1 = rng.uniform(-1.0, 1.0) / SCALE;

        float mPower = 0f;
        if (a0 > 0f) {
            mPower = (Physics.clip(a0, 0f, 1f) + 1f) * 0.5f;
            double ox = tipX * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * d0) + sideX * d1;
            double oy = -tipY * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * d0) - sideY * d1;
            Vec2 p = lander.getPosition();
            impulsePos.set((float) (p.x + ox), (float) (p.y + oy));
            impulse.set((float) (-ox * MAIN_ENGINE_POWER * mPower), (float) (-oy * MAIN_ENGINE_POWER * mPower));
            lander.applyLinearImpulse(impulse, impulsePos);
        }
        float sPower = 0f;
        if (Math.abs(a1) > 0.5f) {
            double direction = Math.signum(a1);
            sPower = Physics.clip(Math.abs(a1), 0.5f, 1f);
            double lever = 3 * d1 + direction * SIDE_ENGINE_AWAY / SCALE;
            double ox = tipX * d0 + sideX * lever;
            double oy = -tipY * d0 - sideY * lever;
            Vec2 p = lander.getPosition();
            // Gymnasium's 17 (not SIDE_ENGINE_HEIGHT = 14) in x is kept: it is part of v3's dynamics.
            impulsePos.set((float) (p.x + ox - tipX * 17 / SCALE), (float) (p.y + oy + tipY * SIDE_ENGINE_HEIGHT / SCALE));
            impulse.set((float) (-ox * SIDE_ENGINE_POWER * sPower), (float) (-oy * SIDE_ENGINE_POWER * sPower));
            lander.applyLinearImpulse(impulse, impulsePos);
        }

        world.step(DT, Physics.VELOCITY_ITERATIONS, Physics.POSITION_ITERATIONS);

        Vec2 pos = lander.getPosition();
        Vec2 vel = lander.getLinearVelocity();
        double s0 = (pos.x - W / 2) / (W / 2);
        double s1 = (pos.y - (helipadY + LEG_DOWN / SCALE)) / (H / 2);
        double s2 = vel.x * (W / 2) / FPS;
        double s3 = vel.y * (H / 2) / FPS;
        double s4 = lander.getAngle();
        double s5 = 20.0 * lander.getAngularVelocity() / FPS;
        double s6 = legContact[0] ? 1.0 : 0.0;
        double s7 = legContact[1] ? 1.0 : 0.0;

        double shaping = -100 * Math.sqrt(s0 * s0 + s1 * s1) - 100 * Math.sqrt(s2 * s2 + s3 * s3)
                - 100 * Math.abs(s4) + 10 * s6 + 10 * s7;
        double reward = hasPrevShaping ? shaping - prevShaping : 0.0;
        prevShaping = shaping;
        hasPrevShaping = true;
        reward -= mPower * 0.30;
        reward -= sPower * 0.03;

        boolean terminated = false;
        if (gameOver || Math.abs(s0) >= 1.0) {
            terminated = true;
            reward = -100;
        }
        if (!lander.isAwake()) {
            terminated = true;
            reward = +100;
        }
        float[] obs = {(float) s0, (float) s1, (float) s2, (float) s3, (float) s4, (float) s5, (float) s6, (float) s7};
        return new Step(obs, reward, terminated, false);
    }

    /** The smoothed terrain heights at the 11 chunk boundaries (world units), for tests and rendering. */
    public double[] terrainHeights() {
        return smoothY.clone();
    }

    /** The pad's height {@code H/4} in world units. */
    public double helipadY() {
        return helipadY;
    }

    /** Gymnasium's {@code ContactDetector}: the body touching the ground ends the game; legs report contact. */
    private final class Contacts implements ContactListener {
        @Override
        public void beginContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            if (a == lander || b == lander) {
                gameOver = true;
            }
            for (int i = 0; i < 2; i++) {
                if (a == legs[i] || b == legs[i]) {
                    legContact[i] = true;
                }
            }
        }

        @Override
        public void endContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            for (int i = 0; i < 2; i++) {
                if (a == legs[i] || b == legs[i]) {
                    legContact[i] = false;
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
