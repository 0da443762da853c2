package dev.parley.server.it;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the browser ITs that drive pages against the real server jar share: the server process and the page
 * server for the class, and the browsers of each test, closed after it.
 */
abstract class ServerPagesFixture {
    static ServerProcess server;
    static PageServer pages;
    /** Chromium {@link Browser}s and {@link Firefox}es of the running test. */
    final List<AutoCloseable> browsers = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start();
        pages = new PageServer(server.baseUrl());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (pages != null) {
            pages.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeBrowsers() {
        for (AutoCloseable b : browsers) {
            try {
                b.close();
            } catch (Exception e) {
                System.err.println("closing " + b + " failed: " + e); // the others must still be closed
            }
        }
    }
}
