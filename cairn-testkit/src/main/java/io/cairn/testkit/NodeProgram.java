package io.cairn.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * What a {@link ServerProcess} runs: a class path, a main class and the arguments before the
 * node's flags, the JVM options and environment of the child. The testkit knows no Cairn module
 * but the wire types, so it names the program as text: the calling module's test class path
 * decides what is there to run.
 *
 * <p>{@link #fromTestJvm()} is the default: the main class in system property
 * {@value #MAIN_PROPERTY} (main class and leading arguments separated by spaces), else
 * {@code io.cairn.cli.Main server} (so a module that runs nodes has cairn-cli on its test class
 * path); the class path in {@value #CLASS_PATH_PROPERTY}, else this JVM's {@code java.class.path}.
 * The child gets {@code --data-dir}, {@code --http-port} and {@code --raft-port} and the caller's
 * flags after the leading arguments, and must print a line containing
 * {@code serving http://HOST:PORT} on stdout once it serves HTTP ({@code cairn server} and the
 * bench's {@code BenchServer} do).
 */
public record NodeProgram(String classPath, String mainClass, List<String> leadingArgs, List<String> jvmOptions,
        Map<String, String> environment) {

    /** System property naming the node's main class and its leading arguments. */
    public static final String MAIN_PROPERTY = "cairn.testkit.node-main";
    /** System property with the node's class path, when it is not the test JVM's. */
    public static final String CLASS_PATH_PROPERTY = "cairn.testkit.node-class-path";
    /** {@code cairn server}: the CLI's main class and its subcommand. */
    public static final String CLI_SERVER = "io.cairn.cli.Main server";

    /**
     * The JVM options of a test node: a small heap, a quick start, and the operator log at INFO
     * (Ratis, Netty and gRPC at WARN) whatever the test class path's logging file says.
     */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            "-Dorg.slf4j.simpleLogger.log.org.apache.ratis=warn", "-Dorg.slf4j.simpleLogger.log.io.netty=warn",
            "-Dorg.slf4j.simpleLogger.log.io.grpc=warn");

    public NodeProgram {
        leadingArgs = List.copyOf(leadingArgs);
        jvmOptions = List.copyOf(jvmOptions);
        environment = Map.copyOf(environment);
    }

    /** The node program this test JVM is configured for (see the class comment). */
    public static NodeProgram fromTestJvm() {
        String[] main = System.getProperty(MAIN_PROPERTY, CLI_SERVER).trim().split("\\s+");
        return new NodeProgram(absolute(System.getProperty(CLASS_PATH_PROPERTY,
                System.getProperty("java.class.path"))), main[0], List.of(main).subList(1, main.length),
                TEST_JVM_OPTIONS, Map.of());
    }

    /** {@code mainClass} with {@code leadingArgs} on this JVM's class path, with the test JVM options. */
    public static NodeProgram of(String mainClass, String... leadingArgs) {
        return new NodeProgram(absolute(System.getProperty("java.class.path")), mainClass, List.of(leadingArgs),
                TEST_JVM_OPTIONS, Map.of());
    }

    /** The same program with these JVM options instead. */
    public NodeProgram withJvmOptions(List<String> options) {
        return new NodeProgram(classPath, mainClass, leadingArgs, options, environment);
    }

    /** The same program with one more environment variable for the child. */
    public NodeProgram withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new NodeProgram(classPath, mainClass, leadingArgs, jvmOptions, env);
    }

    /** Whether the main class is on the class path (checked before a start, for a clear error). */
    boolean mainClassPresent() {
        String resource = mainClass.replace('.', '/') + ".class";
        for (String entry : classPath.split(File.pathSeparator)) {
            File f = new File(entry);
            if (f.isDirectory() ? new File(f, resource).isFile() : f.isFile() && jarHolds(f, resource)) {
                return true;
            }
        }
        return false;
    }

    private static boolean jarHolds(File jar, String resource) {
        try (JarFile f = new JarFile(jar)) {
            return f.getEntry(resource) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The command line: {@code launcher}, java, options, class path, main class, arguments. */
    List<String> command(List<String> launcher, List<String> args) {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(leadingArgs);
        command.addAll(args);
        return command;
    }

    /** Absolute entries, so that the child may run in another working directory. */
    private static String absolute(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
