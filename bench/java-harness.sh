# Sourced by the bench scripts (from the repository root): bench_classes NAME compiles the Java harnesses in
# model/src/test/java/org/sparknmt/bench (and the legacy scorer they compare with) into model/target/bench-classes
# when any is newer than the last compile, against the model module's classpath; sets $cp (that classpath) and
# $classes. NAME prefixes its messages. Builds the model module first only if model/target/classes is missing.
bench_classes() {
  local name=$1
  if [[ ! -d model/target/classes/org/sparknmt/nn ]]; then
    echo "$name: model/target/classes missing: building the model module (mvn -DskipTests install -pl model -am)" >&2
    mvn -q -B -DskipTests install -pl model -am
  fi
  cpfile=model/target/bench-classpath.txt
  if [[ ! -s $cpfile || model/pom.xml -nt $cpfile || pom.xml -nt $cpfile ]]; then
    mvn -q -o -B dependency:build-classpath -pl model -Dmdep.outputFile="$root/$cpfile" >/dev/null 2>&1 \
      || mvn -q -B dependency:build-classpath -pl model -Dmdep.outputFile="$root/$cpfile"
  fi
  cp=$(cat "$cpfile")
  classes=model/target/bench-classes
  srcs=(model/src/test/java/org/sparknmt/bench/*.java model/src/test/java/org/sparknmt/nn/LegacyIncrementalScorer.java)
  stamp=$classes/.compiled
  stale=0
  [[ -f $stamp ]] || stale=1
  for s in "${srcs[@]}"; do [[ $stale == 1 || $s -nt $stamp ]] && stale=1; done
  [[ model/target/classes -nt $stamp ]] && stale=1
  if [[ $stale == 1 ]]; then
    rm -rf "$classes" && mkdir -p "$classes"
    javac -Xlint:all,-serial,-processing,-options,-path -encoding UTF-8 --release 17 -d "$classes" \
      -cp "model/target/classes:$cp" "${srcs[@]}"
    touch "$stamp"
  fi
}
