package io.sac4j.gym;

import java.nio.file.Path;

/** For {@link ErrorPathsTest#serverDiesWithAKilledJvm}: launches a server, prints its pid, waits to be killed. */
public final class LaunchAndWait {
    private LaunchAndWait() {
    }

    public static void main(String[] args) throws InterruptedException {
        GymServer server = GymServer.launch("sac4j_gym/NoOp-v0", GymServer.Options.DEFAULT.withPython(Path.of(args[0])),
                System.err);
        server.openEnv("probe").reset(0);
        System.out.println("server pid " + server.pid().orElseThrow());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
