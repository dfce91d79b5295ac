/*
 * codex-sandbox-helper: confines itself with Landlock (file-system writes) and, on request, a seccomp filter
 * (network), then execs the command. The second Linux sandbox backend, for machines where bubblewrap cannot
 * create user namespaces (Ubuntu 24.04's AppArmor restriction, Docker's default seccomp profile).
 *
 *   codex-sandbox-helper --probe
 *       prints `landlock_abi=<N> seccomp=<0|1>` on stdout; exit 0 when both can confine this process, else
 *       exit 3 with one line on stderr saying why.
 *   codex-sandbox-helper [--write PATH]... [--deny-network] -- PROGRAM [ARGS...]
 *       confines itself, then execvp(PROGRAM, ARGS) with the same environment and file descriptors.
 *
 * Exit codes follow env(1), timeout(1) and the shells, so they cannot be mistaken for the program's own:
 *   125  the helper itself failed (bad invocation, no Landlock, a --write PATH that exists but cannot be
 *        opened, a ruleset or filter error). PROGRAM never runs unconfined: it does not run at all.
 *   126  PROGRAM was found but could not be executed (EACCES, ENOEXEC, ...).
 *   127  PROGRAM was not found (ENOENT).
 * Every failure prints one line `codex-sandbox-helper: <reason>` on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Distribution kernel headers can be older than the running kernel (Debian 12 ships 6.1's, without
 * TRUNCATE); the values are kernel ABI and never change. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

#define EXIT_HELPER_FAILED 125
#define EXIT_CANNOT_EXECUTE 126
#define EXIT_NOT_FOUND 127
#define EXIT_PROBE_FAILED 3

/* Every right that modifies the file system in Landlock ABI 1. Read, read-dir and execute are deliberately
 * not handled: the sandbox only confines writes, so reading and running programs stay allowed everywhere. */
#define WRITE_RIGHTS_ABI1                                                                                     \
	(LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |       \
	 LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |             \
	 LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |          \
	 LANDLOCK_ACCESS_FS_MAKE_SYM)

/* The rights that apply to a non-directory; Landlock rejects directory rights on a file rule (EINVAL). */
#define FILE_RIGHTS (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE)

/* The reason for the last failure, printed by main as `codex-sandbox-helper: <why>`. */
static char why[512];

static int fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return -1;
}

/* The Landlock ABI version of the running kernel (>= 1), or -1 with `why` set. */
static int landlock_abi(void)
{
	int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi >= 1)
		return abi;
	if (errno == ENOSYS)
		return fail("Landlock is not available (kernel older than 5.13, or the syscall is blocked by a "
			    "container's seccomp profile)");
	if (errno == EOPNOTSUPP)
		return fail("Landlock is built into the kernel but not enabled (add landlock to the lsm= boot "
			    "parameter)");
	return fail("cannot query the Landlock ABI version: %s", strerror(errno));
}

/* The write rights this kernel knows. REFER (ABI 2): under ABI 1 a confined process can never rename or
 * link a file into another directory; handled and granted on the writable paths, `mv a/f b/f` works there.
 * TRUNCATE (ABI 3): truncate(2) and O_TRUNC outside the writable paths fail too. IOCTL_DEV (ABI 5) is left
 * alone: ttys need their ioctls. ABIs 4 to 7 add no further file-system write rights. */
static __u64 handled_rights(int abi)
{
	__u64 rights = WRITE_RIGHTS_ABI1;
	if (abi >= 2)
		rights |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
	return rights;
}

/* Allow `rights` beneath `path` (a directory: everything handled; anything else: only FILE_RIGHTS).
 * A path that does not exist is skipped: the caller passes /tmp, $TMPDIR and the like that may be absent.
 * A symlink is followed, so the rule covers its target (as bwrap's --bind does). */
static int allow_path(int ruleset, const char *path, __u64 rights)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return fail("--write %s: %s", path, strerror(errno));
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return fail("--write %s: %s", path, strerror(e));
	}
	struct landlock_path_beneath_attr rule = {
		.allowed_access = S_ISDIR(st.st_mode) ? rights : (rights & FILE_RIGHTS),
		.parent_fd = fd,
	};
	long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
	int e = errno;
	close(fd);
	if (rc != 0)
		return fail("--write %s: cannot add the Landlock rule: %s", path, strerror(e));
	return 0;
}

/* Deny every handled write outside `paths` to this process and everything it will exec or fork. */
static int apply_landlock(int abi, char *const *paths, int npaths)
{
	__u64 rights = handled_rights(abi);
	struct landlock_ruleset_attr attr = { .handled_access_fs = rights };
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (ruleset < 0)
		return fail("cannot create the Landlock ruleset: %s", strerror(errno));
	for (int i = 0; i < npaths; i++) {
		if (allow_path(ruleset, paths[i], rights) != 0) {
			close(ruleset);
			return -1;
		}
	}
	long rc = syscall(SYS_landlock_restrict_self, ruleset, 0);
	int e = errno;
	close(ruleset);
	if (rc != 0)
		return fail("cannot enforce the Landlock ruleset: %s", strerror(e));
	return 0;
}

/* Deny network access with a seccomp filter (inherited across fork and exec, and impossible to remove). */
static int apply_seccomp(void)
{
	/* Default allow: this filter only closes the ways to reach a network, it is not a syscall allowlist. */
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL)
		return fail("cannot initialise the seccomp filter");
	int rc = 0;
	/* The filter covers the native syscall table only (libseccomp's default architecture). A process could
	 * otherwise switch to another table -- the i386 compat ABI on x86_64, where sockets are created through
	 * socketcall(2), or x32 -- and reach syscalls these rules never see. Those are killed instead. */
	rc = rc ? rc : seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	/* socket(2) is the one way to get a network endpoint. AF_UNIX stays allowed: local IPC (pipes between
	 * tools, Node's child stdio, language servers) needs it, and Unix sockets reach only this machine. The
	 * domain is compared as the 32-bit int the kernel uses. Netlink, packet and raw sockets fail as well. */
	rc = rc ? rc : seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1, SCMP_A0_32(SCMP_CMP_NE, AF_UNIX));
	rc = rc ? rc : seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socketpair), 1, SCMP_A0_32(SCMP_CMP_NE, AF_UNIX));
	/* io_uring can create and connect sockets (IORING_OP_SOCKET) without calling socket(2); programs fall
	 * back to plain syscalls when setup fails. enter/register also cover a ring inherited across exec. */
	rc = rc ? rc : seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(io_uring_setup), 0);
	rc = rc ? rc : seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(io_uring_enter), 0);
	rc = rc ? rc : seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(io_uring_register), 0);
	/* socketcall(2) does not exist on x86_64 or aarch64. Where it is native (i386, s390x, ppc, mips o32) its
	 * arguments sit in memory a filter cannot read, so creating any socket through it (SYS_SOCKET = 1,
	 * SYS_SOCKETPAIR = 8) is denied; libcs there use the direct socket(2) syscall on kernels >= 4.3. */
	if (seccomp_syscall_resolve_name("socketcall") >= 0) {
		rc = rc ? rc : seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socketcall), 1, SCMP_A0_32(SCMP_CMP_EQ, 1));
		rc = rc ? rc : seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socketcall), 1, SCMP_A0_32(SCMP_CMP_EQ, 8));
	}
	rc = rc ? rc : seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0)
		return fail("cannot install the seccomp network filter: %s", strerror(-rc));
	return 0;
}

/* no_new_privs: required for an unprivileged process to call landlock_restrict_self or load a filter, and
 * it keeps setuid programs from gaining privileges the sandbox would then not constrain. */
static int set_no_new_privs(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return fail("cannot set no_new_privs: %s", strerror(errno));
	return 0;
}

/* Confine this (short-lived) process for real: the only reliable test that a container's seccomp profile
 * or LSM setup lets both mechanisms work. */
static int probe(void)
{
	char landlock_why[sizeof why] = "";
	int abi = landlock_abi();
	if (abi < 0 || set_no_new_privs() != 0 || apply_landlock(abi, NULL, 0) != 0)
		snprintf(landlock_why, sizeof landlock_why, "%s", why);
	int seccomp_ok = apply_seccomp() == 0;
	printf("landlock_abi=%d seccomp=%d\n", abi < 0 ? 0 : abi, seccomp_ok);
	fflush(stdout);
	if (landlock_why[0] == '\0' && seccomp_ok)
		return 0;
	fprintf(stderr, "codex-sandbox-helper: %s\n", landlock_why[0] != '\0' ? landlock_why : why);
	return EXIT_PROBE_FAILED;
}

static int helper_failed(void)
{
	fprintf(stderr, "codex-sandbox-helper: %s\n", why);
	return EXIT_HELPER_FAILED;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--probe") == 0)
		return probe();

	/* --write values point into argv; at most argc of them. */
	char *writable[argc > 0 ? argc : 1];
	int nwritable = 0;
	int deny_network = 0;
	int program = -1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			program = i + 1;
			break;
		} else if (strcmp(argv[i], "--write") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0') {
				fail("--write needs a path");
				return helper_failed();
			}
			writable[nwritable++] = argv[++i];
		} else if (strcmp(argv[i], "--deny-network") == 0) {
			deny_network = 1;
		} else {
			fail("unknown argument %s (usage: codex-sandbox-helper --probe | [--write PATH]... "
			     "[--deny-network] -- PROGRAM [ARGS...])", argv[i]);
			return helper_failed();
		}
	}
	if (program < 0 || program >= argc) {
		fail("%s (usage: codex-sandbox-helper [--write PATH]... [--deny-network] -- PROGRAM [ARGS...])",
		     program < 0 ? "missing -- before the program" : "no program after --");
		return helper_failed();
	}

	int abi = landlock_abi();
	if (abi < 0 || set_no_new_privs() != 0 || apply_landlock(abi, writable, nwritable) != 0)
		return helper_failed();
	if (deny_network && apply_seccomp() != 0)
		return helper_failed();

	execvp(argv[program], &argv[program]);
	int e = errno;
	fprintf(stderr, "codex-sandbox-helper: %s: %s\n", argv[program], strerror(e));
	return e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE;
}
