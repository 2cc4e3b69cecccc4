package dev.panamafuse.examples.cli;

import dev.panamafuse.examples.hello.HelloFs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code panamafuse mount hello DIR}: one read-only file, {@code hello}. */
@Command(name = "hello", mixinStandardHelpOptions = true,
        description = "Mount a read-only filesystem holding one file, 'hello' (\"Hello, World!\").")
final class HelloCommand implements Callable<Integer> {
    @Mixin
    MountArguments mount;

    @Override
    public Integer call() {
        return mount.serve("hello", new HelloFs());
    }
}
