package io.sac4j.box2d;

import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Settings;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;

/**
 * What the Box2D environments share: JBox2D set up to compute as Box2D does, and small builders
 * for the shapes Gymnasium's pybox2d code creates ({@code polygonShape(vertices=...)},
 * {@code polygonShape(box=...)}, {@code edgeShape(vertices=...)}).
 */
final class Physics {
    /** Box2D's iterations as Gymnasium calls them: {@code world.Step(1/FPS, 6*30, 2*30)}. */
    static final int VELOCITY_ITERATIONS = 6 * 30;
    static final int POSITION_ITERATIONS = 2 * 30;

    static {
        // JBox2D's defaults replace sin/cos by a 0.0001-step lookup table without interpolation and
        // atan2 by an approximation; Box2D (and so pybox2d) calls the exact functions. These are
        // JBox2D-wide static flags: every JBox2D world in this JVM then computes exactly.
        Settings.SINCOS_LUT_ENABLED = false;
        Settings.FAST_ATAN2 = false;
    }

    private Physics() {
    }

    /** A new world with gravity {@code (0, gravityY)}; sleeping allowed, as Box2D's default. */
    static World world(float gravityY) {
        return new World(new Vec2(0f, gravityY));
    }

    static Body staticBody(World world) {
        BodyDef bd = new BodyDef();
        bd.type = BodyType.STATIC;
        return world.createBody(bd);
    }

    static Body dynamicBody(World world, float x, float y, float angle) {
        BodyDef bd = new BodyDef();
        bd.type = BodyType.DYNAMIC;
        bd.position.set(x, y);
        bd.angle = angle;
        return world.createBody(bd);
    }

    /**
     * A convex polygon from {@code xy = {x0, y0, x1, y1, ...}}. Box2D 2.3's {@code b2PolygonShape::Set}
     * takes the vertices in either winding (it computes the hull); JBox2D needs them
     * counter-clockwise, so a clockwise list (Gymnasium's walker hull, pits and stairs) is reversed.
     */
    static PolygonShape polygon(double... xy) {
        int n = xy.length / 2;
        double area2 = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            area2 += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
        }
        if (!(Math.abs(area2) > 0)) {
            throw new IllegalArgumentException("degenerate polygon (zero area) with " + n + " vertices");
        }
        Vec2[] v = new Vec2[n];
        for (int i = 0; i < n; i++) {
            int k = area2 > 0 ? i : n - 1 - i;
            v[i] = new Vec2((float) xy[2 * k], (float) xy[2 * k + 1]);
        }
        PolygonShape p = new PolygonShape();
        p.set(v, n);
        return p;
    }

    /**
     * The mass data of a uniform polygon {@code xy} (either winding) of the given density, from the
     * exact integrals in double: mass {@code rho A}, centre the centroid, rotational inertia about
     * the body origin {@code rho / 12 sum c_i (x_i^2 + x_i x_j + x_j^2 + y_i^2 + y_i y_j + y_j^2)},
     * {@code c_i = x_i y_j - x_j y_i}, {@code j = i + 1}. JBox2D 2.2.1.1's
     * {@code PolygonShape.computeMass} overstates that inertia by {@code m |c - s|^2} (s the vertex
     * average) when the centroid is not the vertex average: +3.7% for the walker's hull (JBox2D
     * issue 37, open). Box2D 2.3, which pybox2d wraps, shifts the inertia correctly (its issue 192
     * was this bug in 2.2.0), so the bodies built from polygons take this instead.
     */
    static MassData polygonMass(double[] xy, float density) {
        int n = xy.length / 2;
        double area = 0;
        double cx = 0;
        double cy = 0;
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double x0 = xy[2 * i];
            double y0 = xy[2 * i + 1];
            double x1 = xy[2 * j];
            double y1 = xy[2 * j + 1];
            double c = x0 * y1 - x1 * y0;
            area += c / 2;
            cx += c * (x0 + x1) / 6;
            cy += c * (y0 + y1) / 6;
            inertia += c * (x0 * x0 + x0 * x1 + x1 * x1 + y0 * y0 + y0 * y1 + y1 * y1) / 12;
        }
        MassData md = new MassData();
        // A clockwise list gives negative area and moments; their ratios and signs cancel.
        md.mass = (float) (density * Math.abs(area));
        md.center.set((float) (cx / area), (float) (cy / area));
        md.I = (float) (density * Math.abs(inertia));
        return md;
    }

    /** pybox2d's {@code polygonShape(box=(hx, hy))}: half-widths, centred on the body origin. */
    static PolygonShape box(float hx, float hy) {
        PolygonShape p = new PolygonShape();
        p.setAsBox(hx, hy);
        return p;
    }

    static EdgeShape edge(double x1, double y1, double x2, double y2) {
        EdgeShape e = new EdgeShape();
        e.set(new Vec2((float) x1, (float) y1), new Vec2((float) x2, (float) y2));
        return e;
    }

    /**
     * A fixture definition; {@code categoryBits} and {@code maskBits} as in Gymnasium's
     * {@code fixtureDef} (Box2D's defaults are 0x0001 and 0xFFFF).
     */
    static FixtureDef fixture(org.jbox2d.collision.shapes.Shape shape, float density, float friction,
            float restitution, int categoryBits, int maskBits) {
        FixtureDef fd = new FixtureDef();
        fd.shape = shape;
        fd.density = density;
        fd.friction = friction;
        fd.restitution = restitution;
        fd.filter.categoryBits = categoryBits;
        fd.filter.maskBits = maskBits;
        return fd;
    }

    /** {@code clip(x, lo, hi)}. */
    static float clip(float x, float lo, float hi) {
        return Math.min(Math.max(x, lo), hi);
    }
}
