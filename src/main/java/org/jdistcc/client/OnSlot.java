package org.jdistcc.client;

import java.util.List;
import java.util.Map;
import org.jdistcc.args.ScanResult;
import org.jdistcc.hosts.HostList;
import org.jdistcc.hosts.HostSpec;

/**
 * A job on a volunteer's slot, as each attempt there needs it: the local command ({@code local},
 * the compiler by its full path) and its environment, what the scan found, the hosts it was picked
 * from, the slot's host, the job's tracker and the receiver that writes its object. Not the slot
 * itself: {@link CompileJob} holds and releases that.
 */
record OnSlot(
    List<String> local,
    Map<String, String> env,
    ScanResult.Distribute job,
    HostList hosts,
    HostSpec host,
    JobTracker tracker,
    ObjectReceiver receiver) {}
