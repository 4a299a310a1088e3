/*
 * rtp-load: G.711 RTP load generator for a media relay (both directions of many calls).
 *
 * For every call it owns two UDP sockets on the local address ("caller" and "callee" endpoints,
 * bound to the ports announced in SDP), sends 172-byte PCMU packets (12-byte RTP header + 160
 * bytes payload, 20 ms pacing) from the caller socket to the relay's caller-side port and from the
 * callee socket to the relay's callee-side port, and counts what the relay delivers back on each
 * socket: received, lost (never arrived), late, duplicate, misrouted, and the one-way delay through
 * the relay (send time embedded in the payload, receive time from the kernel's SO_TIMESTAMPNS).
 *
 * Input (-f FILE), one line per call:
 *     caller_local_port callee_local_port relay_caller_port relay_callee_port
 * ("relay_*" = where that endpoint sends; for a direct test without a relay give the other
 * endpoint's port.)
 *
 * Threads: one sender (absolute-deadline pacing with clock_nanosleep(TIMER_ABSTIME); the calls are
 * spread evenly over the 20 ms period in -t ticks; batches go out with sendmmsg through one raw
 * socket whose packets carry each endpoint's own source port, or with one sendto per packet from
 * the endpoint's socket in -m udp mode) and one receiver (epoll + recvmmsg), started first.
 *
 * Written for this project (no code copied); build: gcc -O2 -pthread -o rtp-load rtp-load.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RTP_HDR 12
#define PAYLOAD 160
#define RTP_LEN (RTP_HDR + PAYLOAD)
#define RAW_LEN (20 + 8 + RTP_LEN)
#define PTIME_NS 20000000LL
#define BATCH 64
#define RBATCH 16
#define HIST_BUCKET_US 10
#define HIST_N 2000000 /* 10 us buckets up to 20 s */
static const uint8_t MAGIC[4] = {'R', 'L', 'G', '1'};

struct stream {          /* one direction of one call; index = call * 2 + dir (0: caller->callee) */
  int tx_fd;             /* socket that sends this stream */
  int verified;          /* the receiving endpoint is read (see -s) */
  uint16_t src_port, dst_port;
  uint32_t ssrc;
  uint16_t seq0;
  uint32_t ts0;
  uint64_t sent, sent_meas; /* written by the sender */
  /* receiver side */
  uint8_t *seen;         /* bitmap over packet index */
  uint64_t recv, recv_meas, dup, late, misrouted, bad, ooo;
  int64_t last_idx;
};

struct endpoint { int fd; int rx_stream; }; /* socket; stream it should receive */

static struct stream *st;
static struct endpoint *ep;
static int ncalls, nstreams;
static struct in_addr local_addr, relay_addr;
static int raw_mode = -1, ticks = 20, verbose = 0;
static double dur_s = 30, warm_s = 5;
static double spread_s = 0; /* call c starts sending at c/ncalls * spread_s (-S): calls start like real ones, not all in one tick */
static int drain_ms = 500, late_ms = 60;
static int64_t total_pkts, warm_pkts;
static uint32_t *hist[2];
static uint64_t hist_over[2];
static int64_t delay_max[2], delay_min[2] = {INT64_MAX, INT64_MAX};
static atomic_int stop_rx;
static int pids[16], npids;
static uint64_t sent_every_stream; /* all packets handed to the kernel, every stream, warm-up included */
static int sample_every = 1; /* receive and verify only the calls c with c % sample_every == 0 */
static uint8_t tone[PAYLOAD];
/* late packets by 100 ms of their send time (wall clock), to line stalls up with a relay's logs */
#define SPELLS 4096
static int64_t spell_origin; /* CLOCK_REALTIME ns, whole second, set before sending */
static uint32_t spell_late[SPELLS];
static int32_t spell_max_us[SPELLS];

static int64_t now_ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *m) { perror(m); exit(2); }

static uint8_t linear2ulaw(int pcm) { /* G.711 mu-law, 16-bit linear in */
  const int BIAS = 0x84, CLIP = 32635;
  int sign = (pcm >> 8) & 0x80;
  if (sign) pcm = -pcm;
  if (pcm > CLIP) pcm = CLIP;
  pcm += BIAS;
  int exp = 7;
  for (int mask = 0x4000; (pcm & mask) == 0 && exp > 0; mask >>= 1) exp--;
  int mant = (pcm >> (exp + 3)) & 0x0F;
  return (uint8_t)~(sign | (exp << 4) | mant);
}

/* CPU ticks (utime + stime) of a process, -1 if gone */
static long long proc_cpu(int pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *p = strrchr(buf, ')');
  if (!p) return -1;
  unsigned long ut = 0, stt = 0;
  /* after ')': state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &stt) != 2) return -1;
  return (long long)(ut + stt);
}

static double thread_cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double self_cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int udp_socket(uint16_t port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) die("socket");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
  int rcv = 256 * 1024;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = local_addr};
  /* the port was announced in SDP, so no other will do; a short-lived holder gets 5 s to let go */
  for (int tries = 0; bind(fd, (struct sockaddr *)&a, sizeof a) < 0; tries++) {
    if (errno != EADDRINUSE || tries == 50) {
      fprintf(stderr, "rtp-load: bind %s:%u: %s\n", inet_ntoa(local_addr), port, strerror(errno));
      exit(2);
    }
    if (tries == 0) fprintf(stderr, "rtp-load: %s:%u in use, retrying for 5 s\n", inet_ntoa(local_addr), port);
    usleep(100000);
  }
  return fd;
}

static void fill_rtp(uint8_t *p, struct stream *s, int sid, int64_t idx, int64_t t_real) {
  uint16_t seq = (uint16_t)(s->seq0 + idx);
  uint32_t ts = s->ts0 + (uint32_t)idx * 160u;
  p[0] = 0x80;
  p[1] = idx == 0 ? 0x80 : 0x00; /* marker on the first packet, PT 0 */
  p[2] = seq >> 8; p[3] = seq;
  p[4] = ts >> 24; p[5] = ts >> 16; p[6] = ts >> 8; p[7] = ts;
  p[8] = s->ssrc >> 24; p[9] = s->ssrc >> 16; p[10] = s->ssrc >> 8; p[11] = s->ssrc;
  uint8_t *pl = p + RTP_HDR;
  memcpy(pl, tone, PAYLOAD);
  memcpy(pl, MAGIC, 4);
  uint32_t v = (uint32_t)sid; memcpy(pl + 4, &v, 4);
  v = (uint32_t)idx; memcpy(pl + 8, &v, 4);
  memcpy(pl + 12, &t_real, 8);
}

/* ---------------- sender ---------------- */
struct meas { int64_t t_start, t_end; long long cpu0[16], cpu1[16]; double self0, self1, tx_cpu, rx_cpu; int64_t max_lag_ns, lag_over_20ms; };
static struct meas M;

static void *sender(void *arg) {
  (void)arg;
  int raw = -1;
  if (raw_mode) {
    raw = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
    if (raw < 0) die("raw socket (run as root or use -m udp)");
    int sb = 8 * 1024 * 1024;
    setsockopt(raw, SOL_SOCKET, SO_SNDBUFFORCE, &sb, sizeof sb);
  }
  static uint8_t bufs[BATCH][RAW_LEN];
  static struct mmsghdr mm[BATCH];
  static struct iovec iov[BATCH];
  struct sockaddr_in dst = {.sin_family = AF_INET, .sin_addr = relay_addr};
  for (int i = 0; i < BATCH; i++) {
    iov[i].iov_base = bufs[i];
    iov[i].iov_len = RAW_LEN;
    mm[i].msg_hdr = (struct msghdr){.msg_name = &dst, .msg_namelen = sizeof dst, .msg_iov = &iov[i], .msg_iovlen = 1};
  }
  int64_t tick_ns = PTIME_NS / ticks;
  int64_t t0 = now_ns(CLOCK_MONOTONIC) + 50000000LL;
  uint64_t send_err = 0;
  for (int64_t idx = 0; idx < total_pkts; idx++) {
    if (idx == warm_pkts) {
      M.t_start = now_ns(CLOCK_MONOTONIC);
      for (int i = 0; i < npids; i++) M.cpu0[i] = proc_cpu(pids[i]);
      M.self0 = self_cpu_s();
    }
    for (int k = 0; k < ticks; k++) {
      int64_t deadline = t0 + idx * PTIME_NS + k * tick_ns;
      struct timespec ts = {.tv_sec = deadline / 1000000000LL, .tv_nsec = deadline % 1000000000LL};
      while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
      int64_t lag = now_ns(CLOCK_MONOTONIC) - deadline;
      if (lag > M.max_lag_ns) M.max_lag_ns = lag;
      if (lag > PTIME_NS) M.lag_over_20ms++;
      int64_t treal = now_ns(CLOCK_REALTIME);
      int n = 0;
      for (int c = k; c < ncalls; c += ticks) {
        if (idx < (int64_t)((double)c * spread_s * 50.0 / ncalls)) continue; /* not started yet */
        for (int d = 0; d < 2; d++) {
          int sid = c * 2 + d;
          struct stream *s = &st[sid];
          if (raw_mode) {
            uint8_t *b = bufs[n];
            struct iphdr *ip = (struct iphdr *)b;
            struct udphdr *u = (struct udphdr *)(b + 20);
            memset(ip, 0, sizeof *ip);
            ip->version = 4; ip->ihl = 5; ip->ttl = 64; ip->protocol = IPPROTO_UDP;
            ip->tot_len = htons(RAW_LEN);
            ip->saddr = local_addr.s_addr; ip->daddr = relay_addr.s_addr;
            u->source = htons(s->src_port); u->dest = htons(s->dst_port);
            u->len = htons(8 + RTP_LEN); u->check = 0;
            fill_rtp(b + 28, s, sid, idx, treal);
            n++;
            if (n == BATCH) {
              int off = 0;
              while (off < n) {
                int r = sendmmsg(raw, mm + off, n - off, 0);
                if (r < 0) { if (errno == EINTR) continue; send_err += n - off; break; }
                off += r;
              }
              n = 0;
            }
          } else {
            uint8_t *b = bufs[0];
            fill_rtp(b, s, sid, idx, treal);
            dst.sin_port = htons(s->dst_port);
            if (sendto(s->tx_fd, b, RTP_LEN, 0, (struct sockaddr *)&dst, sizeof dst) != RTP_LEN) send_err++;
          }
          sent_every_stream++;
          if (s->verified) {
            s->sent++;
            if (idx >= warm_pkts) s->sent_meas++;
          }
        }
      }
      if (raw_mode && n > 0) {
        int off = 0;
        while (off < n) {
          int r = sendmmsg(raw, mm + off, n - off, 0);
          if (r < 0) { if (errno == EINTR) continue; send_err += n - off; break; }
          off += r;
        }
      }
    }
  }
  M.t_end = now_ns(CLOCK_MONOTONIC);
  for (int i = 0; i < npids; i++) M.cpu1[i] = proc_cpu(pids[i]);
  M.self1 = self_cpu_s();
  M.tx_cpu = thread_cpu_s();
  if (send_err) fprintf(stderr, "rtp-load: %llu send errors\n", (unsigned long long)send_err);
  if (raw >= 0) close(raw);
  return NULL;
}

/* ---------------- receiver ---------------- */
static void *receiver(void *arg) {
  int epfd = *(int *)arg;
  static struct epoll_event evs[1024];
  static uint8_t bufs[RBATCH][2048];
  static char ctl[RBATCH][64];
  static struct mmsghdr mm[RBATCH];
  static struct iovec iov[RBATCH];
  int64_t late_ns = (int64_t)late_ms * 1000000LL;
  for (;;) {
    int n = epoll_wait(epfd, evs, 1024, 50);
    if (n < 0) { if (errno == EINTR) continue; die("epoll_wait"); }
    if (n == 0 && atomic_load(&stop_rx)) break;
    for (int e = 0; e < n; e++) {
      struct endpoint *en = evs[e].data.ptr;
      for (;;) {
        for (int i = 0; i < RBATCH; i++) {
          iov[i].iov_base = bufs[i];
          iov[i].iov_len = sizeof bufs[i];
          mm[i].msg_hdr = (struct msghdr){.msg_iov = &iov[i], .msg_iovlen = 1, .msg_control = ctl[i], .msg_controllen = sizeof ctl[i]};
        }
        int r = recvmmsg(en->fd, mm, RBATCH, MSG_DONTWAIT, NULL);
        if (r <= 0) break;
        for (int i = 0; i < r; i++) {
          uint8_t *p = bufs[i];
          struct stream *s = &st[en->rx_stream];
          if (mm[i].msg_len < RTP_HDR + 20 || memcmp(p + RTP_HDR, MAGIC, 4) != 0) { s->bad++; continue; }
          uint32_t sid, idx;
          int64_t tsend;
          memcpy(&sid, p + RTP_HDR + 4, 4);
          memcpy(&idx, p + RTP_HDR + 8, 4);
          memcpy(&tsend, p + RTP_HDR + 12, 8);
          if ((int)sid != en->rx_stream || idx >= total_pkts) { s->misrouted++; continue; }
          int64_t trecv = 0;
          for (struct cmsghdr *c = CMSG_FIRSTHDR(&mm[i].msg_hdr); c; c = CMSG_NXTHDR(&mm[i].msg_hdr, c))
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
              struct timespec t;
              memcpy(&t, CMSG_DATA(c), sizeof t);
              trecv = (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
            }
          if (!trecv) trecv = now_ns(CLOCK_REALTIME);
          if (s->seen[idx >> 3] & (1 << (idx & 7))) { s->dup++; continue; }
          s->seen[idx >> 3] |= 1 << (idx & 7);
          s->recv++;
          if ((int64_t)idx < s->last_idx) s->ooo++;
          else s->last_idx = idx;
          if (idx >= warm_pkts) {
            int dir = sid & 1;
            int64_t d = trecv - tsend;
            s->recv_meas++;
            if (d > late_ns) {
              s->late++;
              int64_t k = (tsend - spell_origin) / 100000000LL;
              if (k >= 0 && k < SPELLS) {
                spell_late[k]++;
                if (d / 1000 > spell_max_us[k]) spell_max_us[k] = (int32_t)(d / 1000);
              }
            }
            int64_t b = d / 1000 / HIST_BUCKET_US;
            if (b < 0) b = 0;
            if (b >= HIST_N) hist_over[dir]++; else hist[dir][b]++;
            if (d > delay_max[dir]) delay_max[dir] = d;
            if (d < delay_min[dir]) delay_min[dir] = d;
          }
        }
        if (r < RBATCH) break;
      }
    }
  }
  M.rx_cpu = thread_cpu_s();
  return NULL;
}

static double pct(int dir, double q) { /* percentile in ms over both directions if dir < 0 */
  uint64_t total = 0;
  for (int d = 0; d < 2; d++) if (dir < 0 || d == dir) { for (int i = 0; i < HIST_N; i++) total += hist[d][i]; total += hist_over[d]; }
  if (!total) return NAN;
  uint64_t want = (uint64_t)ceil(q * total), acc = 0;
  if (want == 0) want = 1;
  for (int i = 0; i < HIST_N; i++) {
    for (int d = 0; d < 2; d++) if (dir < 0 || d == dir) acc += hist[d][i];
    if (acc >= want) return (i + 1) * HIST_BUCKET_US / 1000.0; /* upper bound of the bucket */
  }
  return INFINITY; /* beyond the histogram (20 s) */
}

static void usage(void) {
  fprintf(stderr,
          "usage: rtp-load -f PAIRS [options]\n"
          "  -f FILE     one line per call: caller_local_port callee_local_port relay_caller_port relay_callee_port\n"
          "  -l ADDR     local address to bind (default 127.0.0.1)\n"
          "  -r ADDR     relay address to send to (default 127.0.0.1)\n"
          "  -d SECS     measured duration (default 30)\n"
          "  -w SECS     warm-up before measuring, not counted (default 5)\n"
          "  -S SECS     start the calls one after another over the first SECS of the warm-up\n"
          "              (default 0: every stream's first packet in the first 20 ms)\n"
          "  -D MS       drain time after the last packet (default 500)\n"
          "  -L MS       a packet slower than this through the relay counts as late (default 60)\n"
          "  -t N        ticks per 20 ms period over which the calls are spread (default 20)\n"
          "  -m raw|udp  raw: sendmmsg batches via one raw socket (default as root); udp: sendto per packet\n"
          "  -n N        use only the first N calls of the file\n"
          "  -p PID      also report this process's CPU time over the measured window (repeatable)\n"
          "  -s FRACTION receive and verify only this fraction of the calls (every 1/FRACTION-th call); all calls\n"
          "              are sent; the other endpoints get a minimal receive buffer and are never read, so the\n"
          "              kernel drops what the relay sends them (saves the generator's receive CPU; default 1)\n"
          "  -v          per-direction details\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *file = NULL;
  int limit = -1;
  inet_aton("127.0.0.1", &local_addr);
  inet_aton("127.0.0.1", &relay_addr);
  int o;
  while ((o = getopt(argc, argv, "f:l:r:d:w:S:D:L:t:m:n:p:s:vh")) != -1) {
    switch (o) {
      case 'f': file = optarg; break;
      case 'l': if (!inet_aton(optarg, &local_addr)) usage(); break;
      case 'r': if (!inet_aton(optarg, &relay_addr)) usage(); break;
      case 'd': dur_s = atof(optarg); break;
      case 'w': warm_s = atof(optarg); break;
      case 'S': spread_s = atof(optarg); break;
      case 'D': drain_ms = atoi(optarg); break;
      case 'L': late_ms = atoi(optarg); break;
      case 't': ticks = atoi(optarg); break;
      case 'm': raw_mode = strcmp(optarg, "raw") == 0 ? 1 : strcmp(optarg, "udp") == 0 ? 0 : (usage(), 0); break;
      case 'n': limit = atoi(optarg); break;
      case 'p': if (npids < 16) pids[npids++] = atoi(optarg); break;
      case 'v': verbose = 1; break;
      case 's': {
        double fr = atof(optarg);
        if (fr <= 0 || fr > 1) usage();
        sample_every = (int)lround(1.0 / fr);
        break;
      }
      default: usage();
    }
  }
  if (!file || ticks < 1 || dur_s <= 0 || warm_s < 0 || spread_s < 0 || spread_s > warm_s) usage();
  if (raw_mode < 0) raw_mode = geteuid() == 0;
  signal(SIGPIPE, SIG_IGN);

  FILE *f = fopen(file, "r");
  if (!f) die(file);
  int cap = 1024;
  unsigned (*rows)[4] = malloc(sizeof *rows * cap);
  char line[256];
  while (fgets(line, sizeof line, f)) {
    unsigned a, b, c, d;
    if (line[0] == '#' || sscanf(line, "%u %u %u %u", &a, &b, &c, &d) != 4) continue;
    if (a == 0 || b == 0 || c == 0 || d == 0 || a > 65535 || b > 65535 || c > 65535 || d > 65535) {
      fprintf(stderr, "rtp-load: bad line: %s", line);
      exit(2);
    }
    if (ncalls == cap) rows = realloc(rows, sizeof *rows * (cap *= 2));
    rows[ncalls][0] = a; rows[ncalls][1] = b; rows[ncalls][2] = c; rows[ncalls][3] = d;
    ncalls++;
    if (limit > 0 && ncalls == limit) break;
  }
  fclose(f);
  if (ncalls == 0) { fprintf(stderr, "rtp-load: no calls in %s\n", file); exit(2); }
  if (ticks > ncalls) ticks = ncalls;

  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < (rlim_t)(2 * ncalls + 64)) { rl.rlim_cur = rl.rlim_max; setrlimit(RLIMIT_NOFILE, &rl); }

  total_pkts = (int64_t)llround((warm_s + dur_s) * 50.0);
  warm_pkts = (int64_t)llround(warm_s * 50.0);
  nstreams = ncalls * 2;
  st = calloc(nstreams, sizeof *st);
  ep = calloc(nstreams, sizeof *ep);
  hist[0] = calloc(HIST_N, sizeof(uint32_t));
  hist[1] = calloc(HIST_N, sizeof(uint32_t));
  srandom((unsigned)(now_ns(CLOCK_REALTIME) ^ getpid()));
  for (int i = 0; i < PAYLOAD; i++) /* 1 kHz tone at -12 dBFS */
    tone[i] = linear2ulaw((int)lrint(8192.0 * sin(2 * M_PI * 1000.0 * i / 8000.0)));

  int epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) die("epoll_create1");
  for (int c = 0; c < ncalls; c++) {
    for (int d = 0; d < 2; d++) { /* endpoint d: 0 caller, 1 callee; it sends stream c*2+d, receives the other */
      struct endpoint *en = &ep[c * 2 + d];
      en->fd = udp_socket((uint16_t)rows[c][d]);
      en->rx_stream = c * 2 + (1 - d);
      int verified = c % sample_every == 0;
      if (verified) {
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = en};
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, en->fd, &ev) < 0) die("epoll_ctl");
      } else {
        int small = 1; /* the kernel rounds up to its minimum */
        setsockopt(en->fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
      }
      st[c * 2 + (1 - d)].verified = verified;
      struct stream *s = &st[c * 2 + d];
      s->tx_fd = en->fd;
      s->src_port = (uint16_t)rows[c][d];
      s->dst_port = (uint16_t)rows[c][2 + d];
      s->ssrc = (uint32_t)random() ^ ((uint32_t)random() << 16);
      s->seq0 = (uint16_t)random();
      s->ts0 = (uint32_t)random();
      s->seen = calloc((total_pkts + 7) / 8, 1);
      s->last_idx = -1;
    }
  }
  free(rows);

  fprintf(stderr, "rtp-load: %d calls, %d streams, %.0f s warm-up + %.0f s measured, %s sender, %d ticks per 20 ms\n",
          ncalls, nstreams, warm_s, dur_s, raw_mode ? "raw sendmmsg" : "udp sendto", ticks);
  pthread_t rx, tx;
  spell_origin = now_ns(CLOCK_REALTIME) / 1000000000LL * 1000000000LL;
  pthread_create(&rx, NULL, receiver, &epfd);
  pthread_create(&tx, NULL, sender, NULL);
  pthread_join(tx, NULL);
  usleep((useconds_t)drain_ms * 1000);
  atomic_store(&stop_rx, 1);
  pthread_join(rx, NULL);

  /* totals per direction: 0 = caller->callee, 1 = callee->caller */
  uint64_t sent[2] = {0}, sentm[2] = {0}, recv[2] = {0}, recvm[2] = {0}, dup[2] = {0}, late[2] = {0}, mis[2] = {0}, bad[2] = {0}, ooo[2] = {0};
  int dead_streams = 0;
  for (int i = 0; i < nstreams; i++) {
    int d = i & 1;
    struct stream *s = &st[i];
    sent[d] += s->sent; sentm[d] += s->sent_meas; recv[d] += s->recv; recvm[d] += s->recv_meas;
    dup[d] += s->dup; late[d] += s->late; mis[d] += s->misrouted; bad[d] += s->bad; ooo[d] += s->ooo;
    if (s->verified && s->recv_meas == 0) dead_streams++;
  }
  uint64_t S = sentm[0] + sentm[1], R = recvm[0] + recvm[1], L = S - R, LT = late[0] + late[1];
  double secs = (M.t_end - M.t_start) / 1e9;
  double loss_pct = S ? 100.0 * L / S : 0, late_pct = S ? 100.0 * LT / S : 0;
  double p50 = pct(-1, 0.50), p99 = pct(-1, 0.99), p999 = pct(-1, 0.999);
  int64_t mx = delay_max[0] > delay_max[1] ? delay_max[0] : delay_max[1];
  double sut_cpu_s = 0;
  long hz = sysconf(_SC_CLK_TCK);
  for (int i = 0; i < npids; i++)
    if (M.cpu0[i] >= 0 && M.cpu1[i] >= 0) sut_cpu_s += (double)(M.cpu1[i] - M.cpu0[i]) / hz;
  /* packets the relay delivered in the window, all calls: the verified calls' delivery ratio applied to everything sent */
  double relayed = S ? 2.0 * ncalls * (double)(total_pkts - warm_pkts) * R / S : 0;
  double sut_us_pkt = (npids && relayed > 0) ? sut_cpu_s * 1e6 / relayed : NAN;
  double self_s = M.self1 - M.self0;

  int nverified = (ncalls + sample_every - 1) / sample_every;
  printf("rtp-load: %d calls (%d verified), measured %.2f s after %.0f s warm-up\n", ncalls, nverified, secs, warm_s);
  for (int d = 0; d < 2; d++) {
    uint64_t l = sentm[d] - recvm[d];
    printf("  %s: sent %llu received %llu lost %llu (%.4f %%) late %llu dup %llu misrouted %llu foreign %llu reordered %llu; delay p50 %.3f p99 %.3f max %.3f ms\n",
           d == 0 ? "caller->callee" : "callee->caller", (unsigned long long)sentm[d], (unsigned long long)recvm[d],
           (unsigned long long)l, sentm[d] ? 100.0 * l / sentm[d] : 0, (unsigned long long)late[d], (unsigned long long)dup[d],
           (unsigned long long)mis[d], (unsigned long long)bad[d], (unsigned long long)ooo[d], pct(d, .5), pct(d, .99), delay_max[d] / 1e6);
  }
  printf("  all: %.0f packets/s relayed, loss %.4f %%, late(>%d ms) %.4f %%, delay p50 %.3f p99 %.3f p99.9 %.3f max %.3f ms, streams with nothing received %d\n",
         secs > 0 ? relayed / secs : 0, loss_pct, late_ms, late_pct, p50, p99, p999, mx / 1e6, dead_streams);
  printf("  sender: max lag %.3f ms, ticks later than 20 ms %lld; rtp-load CPU in the window %.2f s (%.2f us per packet sent, receive included); "
         "whole run: sender thread %.2f s, receiver thread %.2f s\n",
         M.max_lag_ns / 1e6, (long long)M.lag_over_20ms, self_s, self_s * 1e6 / (2.0 * ncalls * (double)(total_pkts - warm_pkts)), M.tx_cpu, M.rx_cpu);
  if (npids) printf("  relay process CPU over the window: %.2f s = %.2f us per relayed packet (%.0f %% of one core)\n", sut_cpu_s, sut_us_pkt, secs > 0 ? 100 * sut_cpu_s / secs : 0);
  for (int k = 0, shown = 0; k < SPELLS && shown < 30; k++) {
    if (!spell_late[k]) continue;
    time_t t = (time_t)(spell_origin / 1000000000LL) + k / 10;
    struct tm tm;
    gmtime_r(&t, &tm);
    printf("  late packets sent at %02d:%02d:%02d.%d UTC: %u (max %.1f ms)\n", tm.tm_hour, tm.tm_min, tm.tm_sec, k % 10,
           spell_late[k], spell_max_us[k] / 1000.0);
    shown++;
  }
  if (verbose) {
    for (int i = 0; i < nstreams && i < 20; i++)
      fprintf(stderr, "  stream %d (%u->%u): sent %llu recv %llu\n", i, st[i].src_port, st[i].dst_port,
              (unsigned long long)st[i].sent_meas, (unsigned long long)st[i].recv_meas);
  }
  printf("RESULT calls=%d verified_calls=%d secs=%.2f sent=%llu received=%llu lost=%llu loss_pct=%.5f late=%llu late_pct=%.5f dup=%llu misrouted=%llu "
         "p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f dead_streams=%d sent_all=%llu received_all=%llu sender_max_lag_ms=%.3f "
         "sender_late_ticks=%lld gen_cpu_s=%.3f sut_cpu_s=%.3f sut_us_per_pkt=%.3f sent_every_stream=%llu\n",
         ncalls, nverified, secs, (unsigned long long)S, (unsigned long long)R, (unsigned long long)L, loss_pct, (unsigned long long)LT, late_pct,
         (unsigned long long)(dup[0] + dup[1]), (unsigned long long)(mis[0] + mis[1]), p50, p99, p999, mx / 1e6, dead_streams,
         (unsigned long long)(sent[0] + sent[1]), (unsigned long long)(recv[0] + recv[1]), M.max_lag_ns / 1e6,
         (long long)M.lag_over_20ms, self_s, sut_cpu_s, sut_us_pkt, (unsigned long long)sent_every_stream);
  return 0;
}
