# shellcheck shell=bash
# Source this file: it starts a throw-away PostgreSQL cluster and a two-shard ClickHouse cluster
# on free localhost ports, exports their addresses, and stops them on exit (also on failure).
#   CRM_PG_URL       postgres://crm@127.0.0.1:<port>/crm
#   CRM_CH_URL       http://127.0.0.1:<port>   (shard 1; the Distributed tables are created here)
#   CRM_CH_URL2      http://127.0.0.1:<port>   (shard 2)
#   CRM_CH_CLUSTER   crm_two_shards (the remote_servers entry both servers know)
#   CRM_CH_SERVER    the clickhouse-server binary (tests start a private server to kill it mid-query)
# Installs Debian's postgresql and clickhouse-server when missing (apt-get; CI runs as root).

engines_log() { echo "[engines] $*" >&2; }

engines_free_port() { engines_free_ports 1; }

# N distinct free ports, one per line. All N listeners are open at once before any closes: picking
# them one at a time let the OS hand the same just-closed port out twice (both ClickHouse shards got
# HTTP port 32877 in one CI run and every ClickHouse test failed).
engines_free_ports() {
  node -e '
    const net = require("net"); const n = Number(process.argv[1]); const servers = [];
    const next = () => {
      if (servers.length === n) { console.log(servers.map((s) => s.address().port).join("\n")); servers.forEach((s) => s.close()); return; }
      const s = net.createServer(); servers.push(s); s.listen(0, "127.0.0.1", next);
    };
    next();' "$1"
}

engines_install() {
  local need=()
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need+=(postgresql); fi
  if ! command -v clickhouse-server >/dev/null 2>&1; then need+=(clickhouse-server); fi
  if [ ${#need[@]} -gt 0 ]; then
    engines_log "installing ${need[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-cache policy clickhouse-server | grep -q 'Candidate: [0-9]'; then apt-get update -qq; fi
    apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

engines_pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# PostgreSQL refuses to run as root: as root the cluster belongs to the 'postgres' user.
engines_as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

engines_start_pg() {
  local bin port
  bin=$(engines_pg_bin)
  port=$(engines_free_port)
  ENGINES_PG_DIR=$(mktemp -d /tmp/crm-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres "$ENGINES_PG_DIR"; fi
  engines_as_pg "$bin/initdb" -D "$ENGINES_PG_DIR/data" -U crm --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  engines_as_pg "$bin/pg_ctl" -D "$ENGINES_PG_DIR/data" -l "$ENGINES_PG_DIR/log" -w \
    -o "-p $port -k $ENGINES_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c TimeZone=UTC" start >/dev/null
  engines_as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U crm crm
  export CRM_PG_URL="postgres://crm@127.0.0.1:$port/crm"
  engines_log "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on port $port"
}

engines_stop_pg() {
  if [ -n "${ENGINES_PG_DIR:-}" ] && [ -d "$ENGINES_PG_DIR/data" ]; then
    engines_as_pg "$(engines_pg_bin)/pg_ctl" -D "$ENGINES_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$ENGINES_PG_DIR"
  fi
}

# One ClickHouse server: config in a temp directory, data under it, remote_servers naming both shards.
engines_ch_config() { # dir http_port tcp_port shard1_tcp shard2_tcp
  local dir=$1 http=$2 tcp=$3 s1=$4 s2=$5
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  cat > "$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/server.log</log><errorlog>$dir/server.err.log</errorlog></logger>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <remote_servers>
    <crm_two_shards>
      <shard><replica><host>127.0.0.1</host><port>$s1</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$s2</port></replica></shard>
    </crm_two_shards>
  </remote_servers>
</yandex>
XML
  cat > "$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
XML
}

engines_wait_http() { # url seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    if node -e 'fetch(process.argv[1]+"/ping").then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

engines_start_ch() {
  local h1 h2 t1 t2 i
  read -r h1 h2 t1 t2 <<<"$(engines_free_ports 4 | tr '\n' ' ')"
  ENGINES_CH_DIR=$(mktemp -d /tmp/crm-ch.XXXXXX)
  ENGINES_CH_PIDS=()
  i=1
  for pair in "$h1:$t1" "$h2:$t2"; do
    engines_ch_config "$ENGINES_CH_DIR/s$i" "${pair%%:*}" "${pair##*:}" "$t1" "$t2"
    clickhouse-server --config-file="$ENGINES_CH_DIR/s$i/config.xml" >"$ENGINES_CH_DIR/s$i/stdout.log" 2>&1 &
    ENGINES_CH_PIDS+=($!)
    i=$((i + 1))
  done
  export CRM_CH_URL="http://127.0.0.1:$h1" CRM_CH_URL2="http://127.0.0.1:$h2" CRM_CH_CLUSTER=crm_two_shards
  CRM_CH_SERVER=$(command -v clickhouse-server); export CRM_CH_SERVER
  for url in "$CRM_CH_URL" "$CRM_CH_URL2"; do
    if ! engines_wait_http "$url" 60; then
      engines_log "ClickHouse at $url did not start:"; tail -20 "$ENGINES_CH_DIR"/s*/server.err.log >&2 || true
      return 1
    fi
  done
  engines_log "ClickHouse (2 shards) on HTTP ports $h1, $h2"
}

engines_stop_ch() {
  local pid
  for pid in "${ENGINES_CH_PIDS[@]:-}"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  done
  for pid in "${ENGINES_CH_PIDS[@]:-}"; do
    if [ -n "$pid" ]; then wait "$pid" 2>/dev/null || true; fi
  done
  ENGINES_CH_PIDS=()
  if [ -n "${ENGINES_CH_DIR:-}" ]; then rm -rf "$ENGINES_CH_DIR"; fi
}

engines_stop() { engines_stop_ch; engines_stop_pg; }

engines_start() {
  trap engines_stop EXIT
  trap 'engines_stop; exit 130' INT TERM
  engines_install
  engines_start_pg
  engines_start_ch
}
