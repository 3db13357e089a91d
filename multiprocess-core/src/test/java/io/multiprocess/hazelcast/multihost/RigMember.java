package io.multiprocess.hazelcast.multihost;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.hazelcast.ClusterContext;
import io.multiprocess.hazelcast.ClusterDict;
import io.multiprocess.hazelcast.ClusterQueue;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.managers.server.Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The program each rig host runs: a Hazelcast data member bound to the host's address, plus a control
 * socket, a Unix domain socket in a shared directory (file system sockets cross network namespaces, so
 * the test reaches a host even while its link is down). Arguments: {@code <cluster name> <control dir>
 * <index> <address>} (the rig script appends the last two). One command a connection, one line, answered
 * with one line, "ok ..." or "error ...":
 *
 * <ul>
 *   <li>{@code members}: how many members this member sees;</li>
 *   <li>{@code lock <name> <millis>}: tries to take the cluster lock of that name on this host;</li>
 *   <li>{@code fill <queue> <dict> <from> <to>}: puts the integers from..to-1 into the cluster queue and
 *       the dict (key: the integer, value: this host's address); answers when all were acknowledged;</li>
 *   <li>{@code manager <key> <key store or ->}: serves a SyncManager at this host's address on a free
 *       port, with that authkey (and TLS with that key store); answers the port.</li>
 * </ul>
 */
public final class RigMember {

    private static HazelcastInstance member;
    private static String address;

    private RigMember() {}

    /** Runs until killed (the rig script kills it). */
    public static void main(String[] args) throws IOException {
        String clusterName = args[0];
        Path controlDir = Path.of(args[1]);
        int index = Integer.parseInt(args[2]);
        address = args[3];
        String subnet = address.substring(0, address.lastIndexOf('.'));
        List<String> hosts = List.of(subnet + ".1", subnet + ".2", subnet + ".3");
        member = Hazelcast.newHazelcastInstance(RigConfigs.member(clusterName, address, hosts));
        Path socket = controlDir.resolve("host-" + index + ".sock");
        Files.deleteIfExists(socket);
        ServerSocketChannel control = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        control.bind(UnixDomainSocketAddress.of(socket));
        System.out.println("control socket " + socket + " ready");
        while (true) {
            SocketChannel connection = control.accept();
            Thread handler = new Thread(() -> handle(connection), "rig-control");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private static void handle(SocketChannel connection) {
        try (connection;
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(connection), StandardCharsets.UTF_8));
                Writer out = new OutputStreamWriter(Channels.newOutputStream(connection), StandardCharsets.UTF_8)) {
            String line = in.readLine();
            String answer;
            try {
                answer = "ok " + execute(line == null ? new String[] {""} : line.split(" "));
            } catch (Exception | AssertionError e) {
                answer = "error " + e;
            }
            out.write(answer + "\n");
            out.flush();
        } catch (IOException e) {
            System.out.println("control connection failed: " + e);
        }
    }

    private static String execute(String[] command) throws Exception {
        ClusterContext cluster = ClusterContext.of(member);
        switch (command[0]) {
            case "members":
                return Integer.toString(member.getCluster().getMembers().size());
            case "lock":
                return Boolean.toString(
                        cluster.manager().lock(command[1]).tryLock(Long.parseLong(command[2]), TimeUnit.MILLISECONDS));
            case "fill": {
                ClusterQueue<Integer> queue = cluster.queue(command[1]);
                ClusterDict<Integer, String> dict = cluster.manager().dict(command[2]);
                for (int i = Integer.parseInt(command[3]); i < Integer.parseInt(command[4]); i++) {
                    queue.put(i);
                    dict.put(i, address);
                }
                return "filled";
            }
            case "manager": {
                SyncManager manager =
                        new SyncManager(new InetSocketAddress(address, 0), command[1].getBytes(StandardCharsets.UTF_8));
                String keyStore = command[2];
                if (!keyStore.equals("-")) {
                    manager.withTls(() -> RigTls.server(keyStore));
                }
                Server server = manager.getServer();
                Thread serving = new Thread(server::serveForever, "rig-manager");
                serving.setDaemon(true);
                serving.start();
                return Integer.toString(((InetSocketAddress) server.address()).getPort());
            }
            default:
                throw new IllegalArgumentException("unknown command " + String.join(" ", command));
        }
    }
}
