namespace KappaAspire.ServiceDefaults.Tests;

/// <summary>
/// librdkafka statistics reports written by hand after the field list in librdkafka's STATISTICS.md, shaped like the
/// ones a 2.x client emits (window objects, brokers, the internal partition -1, a consumer group section).
/// </summary>
internal static class StatisticsSamples
{
    public const string Consumer = """
    {
      "name": "inference#consumer-2",
      "client_id": "inference",
      "type": "consumer",
      "ts": 5016483227792,
      "time": 1732460400,
      "age": 120011012,
      "replyq": 3,
      "msg_cnt": 0,
      "msg_size": 0,
      "msg_max": 100000,
      "msg_size_max": 1073741824,
      "simple_cnt": 0,
      "metadata_cache_cnt": 1,
      "brokers": {
        "127.0.0.1:9092/1": {
          "name": "127.0.0.1:9092/1",
          "nodeid": 1,
          "nodename": "127.0.0.1:9092",
          "source": "learned",
          "state": "UP",
          "stateage": 118001032,
          "outbuf_cnt": 0,
          "outbuf_msg_cnt": 0,
          "waitresp_cnt": 1,
          "waitresp_msg_cnt": 0,
          "tx": 1021,
          "txbytes": 96410,
          "txerrs": 0,
          "txretries": 0,
          "req_timeouts": 0,
          "rx": 1020,
          "rxbytes": 5120334,
          "rxerrs": 0,
          "rxcorriderrs": 0,
          "rxpartial": 0,
          "zbuf_grow": 0,
          "buf_grow": 0,
          "wakeups": 2042,
          "connects": 1,
          "disconnects": 0,
          "int_latency": { "min": 0, "max": 0, "avg": 0, "sum": 0, "stddev": 0, "p50": 0, "p75": 0, "p90": 0, "p95": 0, "p99": 0, "p99_99": 0, "outofrange": 0, "hdrsize": 11376, "cnt": 0 },
          "outbuf_latency": { "min": 12, "max": 95, "avg": 31, "sum": 31651, "stddev": 9, "p50": 29, "p75": 35, "p90": 42, "p95": 51, "p99": 80, "p99_99": 95, "outofrange": 0, "hdrsize": 11376, "cnt": 1021 },
          "rtt": { "min": 310, "max": 100912, "avg": 98812, "sum": 100887052, "stddev": 9120, "p50": 100351, "p75": 100607, "p90": 100863, "p95": 100863, "p99": 100863, "p99_99": 100863, "outofrange": 0, "hdrsize": 13424, "cnt": 1021 },
          "throttle": { "min": 0, "max": 0, "avg": 0, "sum": 0, "stddev": 0, "p50": 0, "p75": 0, "p90": 0, "p95": 0, "p99": 0, "p99_99": 0, "outofrange": 0, "hdrsize": 17520, "cnt": 0 },
          "req": { "Fetch": 1002, "ListOffsets": 3, "Metadata": 4, "OffsetCommit": 12, "Heartbeat": 0 },
          "toppars": {
            "iot_raw_data-0": { "topic": "iot_raw_data", "partition": 0 },
            "iot_raw_data-1": { "topic": "iot_raw_data", "partition": 1 },
            "iot_raw_data-2": { "topic": "iot_raw_data", "partition": 2 }
          }
        },
        "GroupCoordinator": {
          "name": "GroupCoordinator",
          "nodeid": -1,
          "nodename": "127.0.0.1:9092",
          "source": "logical",
          "state": "UP",
          "stateage": 117990120,
          "tx": 250,
          "txbytes": 30120,
          "rx": 250,
          "rxbytes": 9210,
          "req": { "JoinGroup": 1, "SyncGroup": 1, "Heartbeat": 40, "OffsetCommit": 12, "OffsetFetch": 1 },
          "toppars": {}
        }
      },
      "topics": {
        "iot_raw_data": {
          "topic": "iot_raw_data",
          "age": 117998,
          "metadata_age": 17012,
          "batchsize": { "min": 0, "max": 0, "avg": 0, "sum": 0, "stddev": 0, "p50": 0, "p75": 0, "p90": 0, "p95": 0, "p99": 0, "p99_99": 0, "outofrange": 0, "hdrsize": 14448, "cnt": 0 },
          "batchcnt": { "min": 0, "max": 0, "avg": 0, "sum": 0, "stddev": 0, "p50": 0, "p75": 0, "p90": 0, "p95": 0, "p99": 0, "p99_99": 0, "outofrange": 0, "hdrsize": 8304, "cnt": 0 },
          "partitions": {
            "0": {
              "partition": 0, "broker": 1, "leader": 1, "desired": true, "unknown": false,
              "msgq_cnt": 0, "msgq_bytes": 0, "xmit_msgq_cnt": 0, "xmit_msgq_bytes": 0,
              "fetchq_cnt": 17, "fetchq_size": 4212, "fetch_state": "active",
              "query_offset": -1001, "next_offset": 1958, "app_offset": 1958, "stored_offset": 1958,
              "stored_leader_epoch": 0, "commited_offset": 1950, "committed_offset": 1950, "committed_leader_epoch": 0,
              "eof_offset": -1001, "lo_offset": 0, "hi_offset": 2000, "ls_offset": 2000,
              "consumer_lag": 42, "consumer_lag_stored": 42, "leader_epoch": 0,
              "txmsgs": 0, "txbytes": 0, "rxmsgs": 1958, "rxbytes": 352440, "msgs": 1975, "rx_ver_drops": 0,
              "msgs_inflight": 0, "next_ack_seq": 0, "next_err_seq": 0, "acked_msgid": 0
            },
            "1": {
              "partition": 1, "broker": 1, "leader": 1, "desired": true, "unknown": false,
              "msgq_cnt": 0, "msgq_bytes": 0, "xmit_msgq_cnt": 0, "xmit_msgq_bytes": 0,
              "fetchq_cnt": 0, "fetchq_size": 0, "fetch_state": "active",
              "query_offset": -1001, "next_offset": 1733, "app_offset": 1733, "stored_offset": 1733,
              "stored_leader_epoch": 0, "commited_offset": 1733, "committed_offset": 1733, "committed_leader_epoch": 0,
              "eof_offset": 1733, "lo_offset": 0, "hi_offset": 1733, "ls_offset": 1733,
              "consumer_lag": 0, "consumer_lag_stored": 0, "leader_epoch": 0,
              "txmsgs": 0, "txbytes": 0, "rxmsgs": 1733, "rxbytes": 311940, "msgs": 1733, "rx_ver_drops": 0,
              "msgs_inflight": 0, "next_ack_seq": 0, "next_err_seq": 0, "acked_msgid": 0
            },
            "2": {
              "partition": 2, "broker": 1, "leader": 1, "desired": true, "unknown": false,
              "msgq_cnt": 0, "msgq_bytes": 0, "xmit_msgq_cnt": 0, "xmit_msgq_bytes": 0,
              "fetchq_cnt": 0, "fetchq_size": 0, "fetch_state": "offset-query",
              "query_offset": -2, "next_offset": -1001, "app_offset": -1001, "stored_offset": -1001,
              "stored_leader_epoch": -1, "commited_offset": -1001, "committed_offset": -1001, "committed_leader_epoch": -1,
              "eof_offset": -1001, "lo_offset": -1, "hi_offset": -1, "ls_offset": -1,
              "consumer_lag": -1, "consumer_lag_stored": -1, "leader_epoch": -1,
              "txmsgs": 0, "txbytes": 0, "rxmsgs": 0, "rxbytes": 0, "msgs": 0, "rx_ver_drops": 0,
              "msgs_inflight": 0, "next_ack_seq": 0, "next_err_seq": 0, "acked_msgid": 0
            },
            "-1": {
              "partition": -1, "broker": -1, "leader": -1, "desired": false, "unknown": false,
              "msgq_cnt": 0, "msgq_bytes": 0, "xmit_msgq_cnt": 0, "xmit_msgq_bytes": 0,
              "fetchq_cnt": 0, "fetchq_size": 0, "fetch_state": "none",
              "query_offset": -1001, "next_offset": 0, "app_offset": -1001, "stored_offset": -1001,
              "commited_offset": -1001, "committed_offset": -1001, "eof_offset": -1001,
              "lo_offset": -1001, "hi_offset": -1001, "ls_offset": -1001,
              "consumer_lag": 7, "consumer_lag_stored": 7,
              "txmsgs": 0, "txbytes": 0, "rxmsgs": 0, "rxbytes": 0, "msgs": 0, "rx_ver_drops": 0,
              "msgs_inflight": 0, "next_ack_seq": 0, "next_err_seq": 0, "acked_msgid": 0
            }
          }
        }
      },
      "cgrp": {
        "state": "up",
        "stateage": 117000,
        "join_state": "steady",
        "rebalance_age": 116990,
        "rebalance_cnt": 1,
        "rebalance_reason": "group join",
        "assignment_size": 3
      },
      "tx": 1271,
      "tx_bytes": 126530,
      "rx": 1270,
      "rx_bytes": 5129544,
      "txmsgs": 0,
      "txmsg_bytes": 0,
      "rxmsgs": 3691,
      "rxmsg_bytes": 664380
    }
    """;

    public const string Producer = """
    {
      "name": "producer#producer-1",
      "client_id": "producer",
      "type": "producer",
      "ts": 5016483111000,
      "time": 1732460400,
      "age": 60003000,
      "replyq": 0,
      "msg_cnt": 12,
      "msg_size": 2160,
      "msg_max": 100000,
      "msg_size_max": 1073741824,
      "simple_cnt": 0,
      "metadata_cache_cnt": 1,
      "brokers": {
        "127.0.0.1:9092/1": {
          "name": "127.0.0.1:9092/1", "nodeid": 1, "nodename": "127.0.0.1:9092", "source": "learned", "state": "UP",
          "tx": 310, "txbytes": 1210334, "rx": 310, "rxbytes": 24800,
          "req": { "Produce": 300, "Metadata": 10 },
          "toppars": { "iot_raw_data-0": { "topic": "iot_raw_data", "partition": 0 } }
        }
      },
      "topics": {
        "iot_raw_data": {
          "topic": "iot_raw_data", "age": 60000, "metadata_age": 10000,
          "batchsize": { "min": 180, "max": 9000, "avg": 3870, "sum": 1161000, "stddev": 1200, "p50": 3500, "p75": 4600, "p90": 6100, "p95": 7200, "p99": 8800, "p99_99": 9000, "outofrange": 0, "hdrsize": 14448, "cnt": 300 },
          "batchcnt": { "min": 1, "max": 50, "avg": 20, "sum": 6000, "stddev": 8, "p50": 19, "p75": 25, "p90": 31, "p95": 38, "p99": 48, "p99_99": 50, "outofrange": 0, "hdrsize": 8304, "cnt": 300 },
          "partitions": {
            "0": {
              "partition": 0, "broker": 1, "leader": 1, "desired": false, "unknown": false,
              "msgq_cnt": 12, "msgq_bytes": 2160, "xmit_msgq_cnt": 0, "xmit_msgq_bytes": 0,
              "fetchq_cnt": 0, "fetchq_size": 0, "fetch_state": "none",
              "query_offset": -1001, "next_offset": 0, "app_offset": -1001, "stored_offset": -1001,
              "commited_offset": -1001, "committed_offset": -1001, "eof_offset": -1001,
              "lo_offset": -1001, "hi_offset": -1001, "ls_offset": -1001,
              "consumer_lag": -1, "consumer_lag_stored": -1,
              "txmsgs": 6000, "txbytes": 1080000, "rxmsgs": 0, "rxbytes": 0, "msgs": 6012, "rx_ver_drops": 0,
              "msgs_inflight": 0, "next_ack_seq": 0, "next_err_seq": 0, "acked_msgid": 0
            }
          }
        }
      },
      "tx": 310,
      "tx_bytes": 1210334,
      "rx": 310,
      "rx_bytes": 24800,
      "txmsgs": 6000,
      "txmsg_bytes": 1161000,
      "rxmsgs": 0,
      "rxmsg_bytes": 0
    }
    """;
}
