package io.strongroom;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's entry point, compiled for Java 17 (the oldest runtime Spring Boot's loader runs on) so
 * that an older Java is told in one sentence what to install instead of failing with a class file
 * version error. Everything else is compiled for Java 21 and reached only by name from here.
 */
public final class Launcher {

    static final int REQUIRED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int running = Runtime.version().feature();
        if (running < REQUIRED) {
            System.err.println("Strongroom needs Java " + REQUIRED + " or newer, but this is Java " + running + " ("
                    + System.getProperty("java.home") + "). Install a Java " + REQUIRED + "+ runtime (Debian: apt-get"
                    + " install openjdk-21-jre-headless) and start Strongroom with it, for example"
                    + " /usr/lib/jvm/java-21-openjdk-amd64/bin/java -jar strongroom.jar.");
            System.exit(1);
        }
        boolean standby = args.length > 0 && args[0].equals("standby");
        try {
            if (standby) { // the operator's standby commands, without the application
                Class.forName("io.strongroom.platform.database.StandbyCommand").getMethod("main", String[].class)
                        .invoke(null, (Object) java.util.Arrays.copyOfRange(args, 1, args.length));
                return;
            }
            Class.forName("io.strongroom.StrongroomApplication").getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
