package io.cairn.core.architecture;

import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.Timer;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One small class per thing the domain must not do, never run, only imported by
 * {@link CorePurityTest} to prove each rule fails when it should; and one class doing what the
 * domain may do, to prove the rules are not broader than intended.
 */
final class ImpureExamples {

    private ImpureExamples() {
    }

    static final class ReadsWallClock {
        long now() {
            return System.currentTimeMillis();
        }
    }

    static final class ReadsNanoTime {
        long now() {
            return System.nanoTime();
        }
    }

    static final class CallsInstantNow {
        Instant now() {
            return Instant.now();
        }
    }

    static final class CallsLocalDateTimeNow {
        LocalDateTime now() {
            return LocalDateTime.now();
        }
    }

    static final class HoldsAClock {
        Clock clock;
    }

    static final class StartsAThread {
        void start(Runnable r) {
            new Thread(r).start();
        }
    }

    static final class UsesAnExecutor {
        ExecutorService executor() {
            return Executors.newSingleThreadExecutor();
        }
    }

    static final class UsesATimer {
        Timer timer() {
            return new Timer();
        }
    }

    static final class DrawsFromRandom {
        int draw() {
            return new Random().nextInt();
        }
    }

    static final class DrawsFromThreadLocalRandom {
        int draw() {
            return ThreadLocalRandom.current().nextInt();
        }
    }

    static final class MakesARandomUuid {
        UUID id() {
            return UUID.randomUUID();
        }
    }

    static final class OpensAFile {
        boolean exists() {
            return new File("x").exists();
        }
    }

    static final class ReadsAFileStream {
        int read() throws IOException {
            try (FileInputStream in = new FileInputStream("x")) {
                return in.read();
            }
        }
    }

    static final class UsesNioFiles {
        boolean exists() {
            return Files.exists(Path.of("x"));
        }
    }

    static final class ResolvesANetworkName {
        InetAddress resolve() throws IOException {
            return InetAddress.getByName("example.com");
        }
    }

    static final class ReadsTheEnvironment {
        String home() {
            return System.getenv("HOME");
        }
    }

    static final class ReadsASystemProperty {
        String home() {
            return System.getProperty("user.home");
        }
    }

    /** What the domain does use: in-memory streams, charsets, concurrent maps, durations as values. */
    static final class Pure {
        final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();

        int read(DataInputStream in) throws IOException {
            return in.readInt();
        }

        byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        long millis(Duration d) {
            return d.toMillis();
        }
    }
}
