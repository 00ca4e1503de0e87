package io.cairn.server.dns;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * A response being built, owned by the one query it answers: the id, opcode and RD flag of the
 * query, its question, and an OPT record when the query had one (EDNS). {@link #message} is open
 * to {@link DnsResponder}, which adds the records; dnsjava writes it.
 */
final class DnsAnswer {

    final Message message;
    private final Message query;
    private final boolean edns;

    DnsAnswer(Message query, boolean edns) {
        this(query, edns, new Message(query.getHeader().getID()));
        Header h = message.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() == 1) {
            message.addRecord(questions.get(0), Section.QUESTION);
        }
        if (edns) {
            message.addRecord(new OPTRecord(DnsResponder.MAX_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
    }

    private DnsAnswer(Message query, boolean edns, Message message) {
        this.query = query;
        this.edns = edns;
        this.message = message;
    }

    DnsAnswer authoritative() {
        message.getHeader().setFlag(Flags.AA);
        return this;
    }

    DnsAnswer rcode(int rcode) {
        message.getHeader().setRcode(rcode);
        return this;
    }

    DnsAnswer noData(SOARecord soa) {
        message.addRecord(soa, Section.AUTHORITY);
        return this;
    }

    /** SERVFAIL with no records: whatever was added so far is dropped. */
    DnsAnswer servfail() {
        message.removeAllRecords(Section.ANSWER);
        message.removeAllRecords(Section.AUTHORITY);
        for (Record r : new ArrayList<>(message.getSection(Section.ADDITIONAL))) {
            if (!(r instanceof OPTRecord)) {
                message.removeRecord(r, Section.ADDITIONAL);
            }
        }
        message.getHeader().unsetFlag(Flags.TC);
        message.getHeader().setRcode(Rcode.SERVFAIL);
        return this;
    }

    DnsAnswer nameError(SOARecord soa) {
        message.getHeader().setRcode(Rcode.NXDOMAIN);
        return noData(soa);
    }

    /** A fresh answer to the same query, for another try at fitting the records. */
    DnsAnswer copy() {
        DnsAnswer fresh = new DnsAnswer(query, edns);
        if (message.getHeader().getFlag(Flags.AA)) {
            fresh.authoritative();
        }
        return fresh;
    }

    byte[] toWire(int limit) {
        return message.toWire(limit);
    }
}
