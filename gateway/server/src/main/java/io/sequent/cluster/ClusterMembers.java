package io.sequent.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster's member list as people write it, {@code host:port,host:port,host:port} (member id = position), and the
 * Aeron Cluster strings derived from it: each member takes six UDP ports from its base port (client ingress,
 * consensus, log, catch-up, archive control, log control), so one base port per member is all a user gives.
 */
public final class ClusterMembers
{
    /** Offsets from a member's base port. */
    static final int INGRESS = 0;
    static final int CONSENSUS = 1;
    static final int LOG = 2;
    static final int CATCHUP = 3;
    static final int ARCHIVE = 4;
    static final int LOG_CONTROL = 5;
    static final int PORTS_PER_MEMBER = 6;
    private static final String[] PORT_NAMES = {"ingress", "consensus", "log", "catch-up", "archive", "log control"};

    private final String spec;
    private final List<String> hosts = new ArrayList<>();
    private final List<Integer> basePorts = new ArrayList<>();

    private ClusterMembers(final String spec)
    {
        this.spec = spec;
    }

    /**
     * @param spec {@code host:port,host:port,...}, 3 or 5 members (1 for trying things out).
     * @return the members.
     * @throws IllegalArgumentException saying what is wrong with the list.
     */
    public static ClusterMembers parse(final String spec)
    {
        final ClusterMembers members = new ClusterMembers(spec.trim());
        for (final String member : members.spec.split(","))
        {
            final String trimmed = member.trim();
            final int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1)
            {
                throw new IllegalArgumentException("member '" + trimmed + "' of --members " + spec + " is not " +
                    "host:port (the member's base port; it uses " + PORTS_PER_MEMBER + " ports from there)");
            }
            final int port;
            try
            {
                port = Integer.parseInt(trimmed.substring(colon + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("member '" + trimmed + "' of --members has no port number");
            }
            if (port < 1 || port + PORTS_PER_MEMBER > 65535)
            {
                throw new IllegalArgumentException("member '" + trimmed + "': base port " + port + " leaves no room " +
                    "for its " + PORTS_PER_MEMBER + " ports");
            }
            members.hosts.add(trimmed.substring(0, colon));
            members.basePorts.add(port);
        }
        final int size = members.size();
        if (size != 1 && size % 2 == 0)
        {
            throw new IllegalArgumentException("--members lists " + size + " members: a cluster needs an odd number " +
                "(3 or 5) so a majority survives a failure");
        }
        for (int i = 0; i < size; i++)
        {
            for (int j = i + 1; j < size; j++)
            {
                if (members.hosts.get(i).equals(members.hosts.get(j)) &&
                    Math.abs(members.basePorts.get(i) - members.basePorts.get(j)) < PORTS_PER_MEMBER)
                {
                    throw new IllegalArgumentException("members " + i + " and " + j + " of --members overlap: give " +
                        "base ports at least " + PORTS_PER_MEMBER + " apart on one host");
                }
            }
        }
        return members;
    }

    /**
     * @return how many members.
     */
    public int size()
    {
        return hosts.size();
    }

    /**
     * @return the list as given, normalised (trimmed), for comparing with what a node was started with before.
     */
    public String spec()
    {
        return spec;
    }

    /**
     * @param id a member id.
     * @return its host.
     */
    public String host(final int id)
    {
        return hosts.get(id);
    }

    /**
     * @param id     a member id.
     * @param offset one of the port offsets.
     * @return the member's endpoint for it, {@code host:port}.
     */
    String endpoint(final int id, final int offset)
    {
        return hosts.get(id) + ":" + (basePorts.get(id) + offset);
    }

    /**
     * @return Aeron Cluster's member string: {@code id,ingress,consensus,log,catchup,archive|...}.
     */
    public String aeronClusterMembers()
    {
        final StringBuilder members = new StringBuilder();
        for (int id = 0; id < size(); id++)
        {
            members.append(id)
                .append(',').append(endpoint(id, INGRESS))
                .append(',').append(endpoint(id, CONSENSUS))
                .append(',').append(endpoint(id, LOG))
                .append(',').append(endpoint(id, CATCHUP))
                .append(',').append(endpoint(id, ARCHIVE))
                .append('|');
        }
        members.setLength(members.length() - 1);
        return members.toString();
    }

    /**
     * @return what a cluster client needs to find the members: {@code 0=host:port,1=host:port,...}.
     */
    public String ingressEndpoints()
    {
        final StringBuilder endpoints = new StringBuilder();
        for (int id = 0; id < size(); id++)
        {
            endpoints.append(id).append('=').append(endpoint(id, INGRESS)).append(',');
        }
        endpoints.setLength(endpoints.length() - 1);
        return endpoints.toString();
    }

    /**
     * Checks that the member's ports are free before anything binds them, so a port in use is named at once rather
     * than found by Aeron as a bind error deep in the consensus module.
     *
     * @param id the member to be started here.
     * @throws IllegalStateException naming the port, what it is for, and what to do.
     */
    public void requirePortsFree(final int id)
    {
        for (int offset = 0; offset < PORTS_PER_MEMBER; offset++)
        {
            final int port = basePorts.get(id) + offset;
            try (DatagramSocket socket = new DatagramSocket(null))
            {
                socket.bind(new InetSocketAddress(hosts.get(id), port));
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("node " + id + " cannot use UDP port " + port + " on " +
                    hosts.get(id) + " (its " + PORT_NAMES[offset] + " port, base " + basePorts.get(id) + " + " +
                    offset + "): " + ex.getMessage() + ". Another process holds it, likely a node still running " +
                    "(or one of another cluster): stop it, or give this member another base port in --members on " +
                    "every node");
            }
        }
    }
}
