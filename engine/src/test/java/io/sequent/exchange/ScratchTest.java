package io.sequent.exchange;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.*;

class ScratchTest
{
    @TempDir Path dir;

    void attempt(String name, byte[] content)
    {
        try {
            Path f = dir.resolve(name);
            Files.write(f, content);
            try (BalanceProjection p = BalanceProjection.create(f, 1000)) {
                System.out.println(name + ": opened OK, last=" + p.lastAppliedSequence() + " size=" + Files.size(f));
            }
        } catch (Throwable t) {
            System.out.println(name + ": " + t);
        }
        try {
            Path f = dir.resolve(name);
            try (BalanceProjection p = BalanceProjection.open(f)) {
                System.out.println(name + " reader: opened OK, last=" + p.lastAppliedSequence());
            }
        } catch (Throwable t) {
            System.out.println(name + " reader: " + t);
        }
    }

    @Test
    void damaged() throws Exception
    {
        attempt("empty", new byte[0]);
        byte[] g = new byte[100_000];
        new java.util.Random(1).nextBytes(g);
        attempt("garbage", g);
        attempt("text", "hello world this is not a map".getBytes());
        Path f = dir.resolve("real");
        try (BalanceProjection p = BalanceProjection.create(f, 1000)) { }
        byte[] real = Files.readAllBytes(f);
        System.out.println("real size " + real.length);
        byte[] trunc = java.util.Arrays.copyOf(real, 5000);
        attempt("truncated", trunc);
        byte[] corrupt = real.clone();
        for (int i = 0; i < 200; i++) corrupt[i] ^= 0x5A;
        attempt("corruptHeader", corrupt);
    }
}
