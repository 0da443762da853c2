package dev.parley.server;

/** Entry point of the runnable server jar. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("Parley server: not yet implemented");
    }
}
