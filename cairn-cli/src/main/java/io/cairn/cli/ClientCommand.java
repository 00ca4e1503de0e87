package io.cairn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that makes calls to a running registry and prints the answer. */
abstract class ClientCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try (CairnClient c = client.connect(followsMembers())) {
            if (followsMembers()) {
                client.learnMembers(c, Instant.now());
            }
            run(c, spec.commandLine().getOut());
        }
        return Main.OK;
    }

    /**
     * Whether the command may be served by any cluster member: then it also tries the members
     * learned from {@code --address} (kept between runs) when the given addresses do not answer.
     * False for commands about the very node at {@code --address}.
     */
    boolean followsMembers() {
        return true;
    }

    abstract void run(CairnClient registry, PrintWriter out);

    /** Prints {@code answer} as JSON when {@code --json} was given; returns whether it did. */
    final boolean printedJson(Object answer, PrintWriter out) {
        if (!client.json) {
            return false;
        }
        try {
            out.println(JSON.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the answer as JSON", e);
        }
        return true;
    }
}
