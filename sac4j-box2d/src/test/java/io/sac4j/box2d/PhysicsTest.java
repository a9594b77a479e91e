package io.sac4j.box2d;

import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhysicsTest {
    @Test
    void polygonMassOfAnOffsetSquareInEitherWinding() {
        for (double[] sq : new double[][] {{0, 0, 1, 0, 1, 1, 0, 1}, {0, 1, 1, 1, 1, 0, 0, 0}}) {
            MassData md = Physics.polygonMass(sq, 2f);
            assertEquals(2.0, md.mass, 1e-6);
            assertEquals(0.5, md.center.x, 1e-6);
            assertEquals(0.5, md.center.y, 1e-6);
            // about the origin: rho (1/6 + 1/2) for the unit square with its centre at (1/2, 1/2)
            assertEquals(2.0 * (1 / 6.0 + 0.5), md.I, 1e-6);
        }
    }

    @Test
    void walkerHullInertiaIsExactWhereJBox2dOverstatesIt() {
        double[] hull = new double[10];
        for (int i = 0; i < 5; i++) {
            hull[2 * i] = BipedalWalker.HULL_POLY[i][0] / 30.0;
            hull[2 * i + 1] = BipedalWalker.HULL_POLY[i][1] / 30.0;
        }
        MassData exact = Physics.polygonMass(hull, 5f);
        assertEquals(5 * 976 / 900.0, exact.mass, 1e-5);
        assertEquals(2.00174, exact.I, 1e-4); // the polygon's second moment about the origin, times 5
        // Parallel axes: the inertia about the centroid is smaller by m |c|^2.
        double ic = exact.I - exact.mass * Vec2.dot(exact.center, exact.center);
        assertTrue(ic > 0 && ic < exact.I);
        PolygonShape shape = Physics.polygon(hull);
        MassData jbox2d = new MassData();
        shape.computeMass(jbox2d, 5f);
        assertEquals(exact.mass, jbox2d.mass, 1e-5);
        assertEquals(exact.center.x, jbox2d.center.x, 1e-6);
        // JBox2D 2.2.1.1 adds m |c - s|^2, s the vertex average; if this fails, JBox2D was fixed and
        // Physics.polygonMass is no longer needed.
        double sx = (-30 + 6 + 34 + 34 - 30) / 5.0 / 30;
        double sy = (9 + 9 + 1 - 8 - 8) / 5.0 / 30;
        double dx = exact.center.x - sx;
        double dy = exact.center.y - sy;
        assertEquals(exact.I + exact.mass * (dx * dx + dy * dy), jbox2d.I, 1e-4);
    }

    @Test
    void degeneratePolygonIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Physics.polygon(0, 0, 1, 1, 2, 2));
        assertTrue(e.getMessage().contains("zero area"), e.getMessage());
    }
}
