package netmap.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * netmap's local Neo4j server: Neo4j Community 5.26 embedded, reachable over Bolt on 127.0.0.1.
 *
 * <p>Started by {@code netmap/store/server.py}, which owns the JVM flags, the classpath and the
 * process lifecycle. Arguments: {@code --home DIR --port N [--pagecache SIZE] [--no-auth] [--once]}.
 * The password for user {@code neo4j} is read from the environment variable
 * {@code NETMAP_NEO4J_PASSWORD}, never from the command line, which every local user can read
 * in {@code ps}. It is set through the system database with
 * {@code ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED}, so the first start needs no
 * {@code neo4j-admin} step; on the first start of a data directory that happens with Bolt still
 * closed, so the default password is never reachable.
 *
 * <p>Once Bolt accepts connections (and the password is set) one line
 * {@code NETMAP_NEO4J_READY bolt://127.0.0.1:PORT} goes to stdout; SIGTERM runs a shutdown hook
 * that closes the databases cleanly and prints {@code NETMAP_NEO4J_STOPPED}. With {@code --once}
 * it stops by itself right after the ready line (a warm-up run that writes the JVM's class-data
 * archive, so later starts load Neo4j's classes faster).
 */
public final class NetmapNeo4j {
    static final String PASSWORD_ENV = "NETMAP_NEO4J_PASSWORD";
    static final String READY = "NETMAP_NEO4J_READY";
    static final String STOPPED = "NETMAP_NEO4J_STOPPED";
    static final String FAILED = "NETMAP_NEO4J_FAILED";
    static final String SAME_PASSWORD = "Old password and new password cannot be the same";

    private NetmapNeo4j() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            System.out.println(FAILED + " " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path home = null;
        int port = BoltConnector.DEFAULT_PORT;
        String pagecache = "512m";
        boolean auth = true;
        boolean once = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]).toAbsolutePath();
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--pagecache" -> pagecache = args[++i];
                case "--no-auth" -> auth = false;
                case "--once" -> once = true;
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (home == null) {
            throw new IllegalArgumentException("--home DIR is required");
        }
        String password = System.getenv(PASSWORD_ENV);
        if (auth && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException(
                    "auth is on but " + PASSWORD_ENV + " is not set (or use --no-auth)");
        }

        if (auth && !Files.isDirectory(home.resolve("data/databases/system"))) {
            // First start of a new data directory: until the password is set, user neo4j has
            // the default password. Set it with Bolt closed, so nobody can log in meanwhile.
            DatabaseManagementService first = build(home, port, pagecache, auth, false);
            try {
                setPassword(first, password);
            } finally {
                first.shutdown();
            }
        }
        DatabaseManagementService dbms = build(home, port, pagecache, auth, true);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
            } finally {
                System.out.println(STOPPED);
                System.out.flush();
                stopped.countDown();
            }
        }, "netmap-neo4j-shutdown"));

        if (auth) {
            setPassword(dbms, password);
        }
        waitForBolt(port, 60_000);
        System.out.println(READY + " bolt://127.0.0.1:" + port);
        System.out.flush();
        if (once) {
            // Start, report ready, stop, and return normally: used to write the class-data
            // archive (-XX:ArchiveClassesAtExit), which the JVM dumps only on a normal exit.
            dbms.shutdown();
            return;
        }
        stopped.await();
    }

    /** The DBMS in {@code home}: Bolt (when {@code bolt}) on 127.0.0.1 only, no HTTP. */
    private static DatabaseManagementService build(Path home, int port, String pagecache,
            boolean auth, boolean bolt) {
        return new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.out))
                .setConfig(BoltConnector.enabled, bolt)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        SettingValueParsers.BYTES.parse(pagecache))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Netty's quiet period before Bolt closes (5 s by default) only slows a local
                // server's stop; open connections still get connection_shutdown_wait_time.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
    }

    /** Set the password of user neo4j; an unchanged password (a restart) is not an error. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains(SAME_PASSWORD)) {
                throw e;
            }
        }
    }

    /** Block until a TCP connection to 127.0.0.1:port succeeds, so READY means Bolt is up. */
    private static void waitForBolt(int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Bolt did not open on port " + port, e);
                }
                Thread.sleep(100);
            }
        }
    }
}
