# What bin/distcc-java and bin/distccd both do before they start their JVM; each sources this file
# after setting home (the installation), java and cp (its class path).

# cds_for NAME: sets cds to the JVM options that use lib/NAME.jsa, the class-data archive made by
# bin/jdistcc-cds (mvn package runs it). It holds the classes the command loads, parsed and
# verified, so each start maps them instead; a stale or foreign one is ignored silently
# (-Xshare:auto, -Xlog:disable). For jdistcc-cds: JDISTCC_CDS_DUMP=DIR makes a training run record
# the classes it loads in DIR (as NAME-PID.classlist); JDISTCC_CDS_DUMP=archive=LIST writes the
# archive from such a list, with the command's class path, and does nothing else.
cds_for() {
  jsa="$home/lib/$1.jsa"
  cds=""
  case "${JDISTCC_CDS_DUMP:-}" in
    "") if [ -r "$jsa" ]; then cds="-XX:SharedArchiveFile=$jsa"; fi ;;
    archive=*) exec "$java" -Xshare:dump -XX:SharedClassListFile="${JDISTCC_CDS_DUMP#archive=}" \
        -XX:SharedArchiveFile="$jsa" -cp "$cp" ;;
    *) cds="-XX:DumpLoadedClassList=$JDISTCC_CDS_DUMP/$1-$$.classlist" ;;
  esac
}

# Sets selector to the option that names the JDK's own SelectorProvider on Linux. An inherited
# channel (System.inheritedChannel) or a Unix-domain socket makes the JDK look for a provider
# service in every jar on the class path, which class-data archives otherwise spare opening: that
# costs a per-connection daemon about 10 ms and a cold agent about 15 ms of CPU.
selector_option() {
  selector=""
  ostype=""
  if [ -r /proc/sys/kernel/ostype ]; then read -r ostype < /proc/sys/kernel/ostype; fi
  if [ "$ostype" = Linux ]; then
    selector="-Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.EPollSelectorProvider"
  fi
}
