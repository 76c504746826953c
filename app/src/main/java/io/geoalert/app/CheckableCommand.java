package io.geoalert.app;

import java.util.List;

/** A command that starts services, whose options can be checked as it checks them at start, starting nothing. */
interface CheckableCommand {

    /** Every problem its options have, each naming its key; empty when it would start. */
    List<String> problems() throws Exception;
}
