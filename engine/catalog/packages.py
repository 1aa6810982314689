"""The offline package archives: what `apt-get`, `apk`, `pip`, `npm` and `yarn` can install.

One deterministic catalog per ecosystem (Debian's bookworm archive, Alpine's v3.20 repositories,
PyPI, the npm registry), each a table of real packages with their real versions, dependencies
and sizes, so `docker history` shows a layer's true weight: `apt-get install -y git` adds about
60 MB, `pip install pandas` about 150 MB. The tables are text (one package a line), parsed on
first use; only the package managers import this module.

A line is `name version installed-size download-size key=value...`:
sizes take a k/M suffix (decimal for downloads, as apt prints them; KiB for a Debian package's
Installed-Size); keys are `d` (depends), `r` (recommends), `s` (suggests), `p` (programs it
installs, `path:program`), `v` (versions in other suites, `suite:version`), `t` (summary; `_`
stands for a space), `w` (a PyPI wheel's platform tag: `native` for compiled wheels).
npm dependencies name a version (`ms@2.1.3`) because one tree can hold several.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    size: int  # bytes installed on disk
    download: int  # bytes of the archive fetched (.deb, .apk, wheel, npm tarball)
    depends: tuple[str, ...] = ()
    recommends: tuple[str, ...] = ()
    suggests: tuple[str, ...] = ()
    programs: tuple[tuple[str, str], ...] = ()  # (installed path, simulated program)
    summary: str = ""
    native: bool = False  # a compiled wheel (PyPI)
    versions: dict = field(default_factory=dict, compare=False, hash=False)  # suite -> version

    def version_in(self, suite: str) -> str:
        return self.versions.get(suite, self.version)


def _size(text: str, kib: bool) -> int:
    unit = 1024 if kib else 1000
    if text.endswith("M"):
        return int(float(text[:-1]) * unit * unit)
    if text.endswith("k"):
        return int(float(text[:-1]) * unit)
    return int(text)


def _parse(table: str, kib_sizes: bool) -> dict[str, Package]:
    out: dict[str, Package] = {}
    for line in table.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, version, size, download, *rest = line.split()
        keys: dict[str, str] = dict(item.split("=", 1) for item in rest)

        def words(key: str) -> tuple[str, ...]:
            # items are comma-separated; a comma before an operator continues a PyPI
            # specifier ("urllib3<3,>=1.21.1")
            return tuple(w for w in re.split(r",(?![<>=!~])", keys.get(key, "")) if w)

        pkg = Package(name, version, _size(size, kib_sizes), _size(download, False), words("d"), words("r"),
                      words("s"), tuple(tuple(p.split(":", 1)) for p in words("p")),  # type: ignore[misc]
                      keys.get("t", "").replace("_", " "), keys.get("w") == "native",
                      dict(v.split(":", 1) for v in words("v")))
        out[f"{name}@{version}" if name in out or "@" in name else name] = pkg
    return out


# ---------------------------------------------------------------- Debian 12 "bookworm" (also serves Ubuntu)
# `p=` programs are simulated binaries; versions in Ubuntu suites with `v=`.
DEBIAN_BASE = """
# --- the packages of the debian:bookworm image (Priority: required/important)
adduser 3.134 849k 170k t=add_and_remove_users_and_groups
apt 2.6.1 4160k 1410k p=/usr/bin/apt:apt,/usr/bin/apt-get:apt-get,/usr/bin/apt-cache:apt-cache,/usr/bin/apt-mark:apt-mark v=jammy:2.4.13,noble:2.7.14build2 t=commandline_package_manager
base-files 12.4+deb12u7 392k 70.9k v=jammy:12ubuntu4.7,noble:13ubuntu10.1 t=Debian_base_system_miscellaneous_files
base-passwd 3.6.1 271k 52.1k t=Debian_base_system_master_password_and_group_files
bash 5.2.15-2+b7 7064k 1491k p=/usr/bin/bash:bash v=jammy:5.1-6ubuntu1.1,noble:5.2.21-2ubuntu4 t=GNU_Bourne_Again_SHell
bsdutils 1:2.38.1-5+deb12u1 339k 94.2k t=basic_utilities_from_4.4BSD-Lite
coreutils 9.1-1 18062k 2879k v=jammy:8.32-4.1ubuntu1.2,noble:9.4-3ubuntu6 t=GNU_core_utilities
dash 0.5.12-2 191k 96.1k p=/usr/bin/dash:dash v=jammy:0.5.11+git20210903+057cd650a4ed-3build1,noble:0.5.12-6ubuntu5 t=POSIX-compliant_shell
debconf 1.5.82 512k 121k t=Debian_configuration_management_system
debian-archive-keyring 2023.3+deb12u1 239k 159k t=GnuPG_archive_keys_of_the_Debian_archive
debianutils 5.7-0.5~deb12u1 243k 89.3k t=Miscellaneous_utilities_specific_to_Debian
diffutils 1:3.8-4 1597k 360k t=File_comparison_utilities
dpkg 1.21.22 6370k 1487k p=/usr/bin/dpkg:dpkg,/usr/bin/dpkg-query:dpkg-query v=jammy:1.21.1ubuntu2.3,noble:1.22.6ubuntu6.1 t=Debian_package_management_system
e2fsprogs 1.47.0-2 1530k 572k t=ext2/ext3/ext4_file_system_utilities
findutils 4.9.0-4 1836k 689k t=utilities_for_finding_files--find,_xargs
gcc-12-base 12.2.0-14 72k 37.6k t=GCC,_the_GNU_Compiler_Collection_(base_package)
gpgv 2.2.40-1.1 843k 649k t=GNU_privacy_guard_-_signature_verification_tool
grep 3.8-5 1162k 294k t=GNU_grep,_egrep_and_fgrep
gzip 1.12-1 365k 131k t=GNU_compression_utilities
hostname 3.23+nmu1 50k 11.0k t=utility_to_set/show_the_host_name_or_domain_name
init-system-helpers 1.65.2 138k 58.4k t=helper_tools_for_all_init_systems
libacl1 2.3.1-3 67k 31.0k t=access_control_list_-_shared_library
libapt-pkg6.0 2.6.1 3206k 986k t=package_management_runtime_library
libattr1 1:2.5.1-4 58k 22.2k t=extended_attribute_handling_-_shared_library
libaudit-common 1:3.0.9-1 18k 10.5k t=Dynamic_library_for_security_auditing_-_common_files
libaudit1 1:3.0.9-1 160k 47.5k t=Dynamic_library_for_security_auditing
libblkid1 2.38.1-5+deb12u1 452k 147k t=block_device_ID_library
libbz2-1.0 1.0.8-5+b1 105k 45.3k t=high-quality_block-sorting_file_compressor_library_-_runtime
libc-bin 2.36-9+deb12u8 2606k 606k t=GNU_C_Library:_Binaries
libc6 2.36-9+deb12u8 12986k 2754k v=jammy:2.35-0ubuntu3.8,noble:2.39-0ubuntu8.3 t=GNU_C_Library:_Shared_libraries
libcap-ng0 0.8.3-1+b3 51k 17.4k t=alternate_POSIX_capabilities_library
libcap2 1:2.66-4 84k 27.4k t=POSIX_1003.1e_capabilities_(library)
libcom-err2 1.47.0-2 52k 22.4k t=common_error_description_library
libcrypt1 1:4.4.33-2 233k 89.5k t=libcrypt_shared_library
libdb5.3 5.3.28+dfsg2-1 1791k 715k t=Berkeley_v5.3_Database_Libraries_[runtime]
libdebconfclient0 0.270 35k 7.4k t=Debian_Configuration_Management_System_(C-implementation_library)
libext2fs2 1.47.0-2 555k 205k t=ext2/ext3/ext4_file_system_libraries
libffi8 3.4.4-1 68k 22.9k t=Foreign_Function_Interface_library_runtime
libgcc-s1 12.2.0-14 141k 49.9k t=GCC_support_library
libgcrypt20 1.10.1-3 1521k 513k t=LGPL_Crypto_library_-_runtime_library
libgmp10 2:6.2.1+dfsg1-1.1 857k 564k t=Multiprecision_arithmetic_library
libgnutls30 3.7.9-2+deb12u3 3434k 1405k t=GNU_TLS_library_-_main_runtime_library
libgpg-error0 1.46-1 930k 70.9k t=GnuPG_development_runtime_library
libhogweed6 3.8.1-2 482k 330k t=low_level_cryptographic_library_(public-key_cryptos)
libidn2-0 2.3.3-1+b1 441k 126k t=Internationalized_domain_names_(IDNA2008/TR46)_library
liblz4-1 1.9.4-1 154k 63.1k t=Fast_LZ_compression_algorithm_library_-_runtime
liblzma5 5.4.1-0.2 359k 205k t=XZ-format_compression_library
libmd0 1.0.4-2 83k 29.7k t=message_digest_functions_from_BSD_systems_-_shared_library
libmount1 2.38.1-5+deb12u1 494k 166k t=device_mounting_library
libnettle8 3.8.1-2 548k 288k t=low_level_cryptographic_library_(symmetric_and_one-way_cryptos)
libnsl2 1.3.0-2 124k 39.6k t=Public_client_interface_for_NIS(YP)_and_NIS+
libp11-kit0 0.24.1-2 1428k 345k t=library_for_loading_and_coordinating_access_to_PKCS#11_modules_-_runtime
libpam-modules 1.5.2-6+deb12u1 1031k 275k t=Pluggable_Authentication_Modules_for_PAM
libpam-modules-bin 1.5.2-6+deb12u1 268k 91.7k t=Pluggable_Authentication_Modules_for_PAM_-_helper_binaries
libpam-runtime 1.5.2-6+deb12u1 1040k 184k t=Runtime_support_for_the_PAM_library
libpam0g 1.5.2-6+deb12u1 267k 67.9k t=Pluggable_Authentication_Modules_library
libpcre2-8-0 10.42-1 670k 253k t=New_Perl_Compatible_Regular_Expression_Library-_8_bit_runtime_files
libseccomp2 2.5.4-1+deb12u1 123k 46.3k t=high_level_interface_to_Linux_seccomp_filter
libselinux1 3.4-1+b6 246k 70.6k t=SELinux_runtime_shared_libraries
libsemanage-common 3.4-1 34k 10.1k t=Common_files_for_SELinux_policy_management_libraries
libsemanage2 3.4-1+b5 351k 92.6k t=SELinux_policy_management_library
libsepol2 3.4-2.1 732k 279k t=SELinux_library_for_manipulating_binary_security_policies
libsmartcols1 2.38.1-5+deb12u1 313k 107k t=smart_column_output_alignment_library
libss2 1.47.0-2 73k 27.6k t=command-line_interface_parsing_library
libstdc++6 12.2.0-14 2757k 613k t=GNU_Standard_C++_Library_v3
libsystemd0 252.30-1~deb12u2 905k 330k t=systemd_utility_library
libtasn1-6 4.19.0-2 142k 56.8k t=Manage_ASN.1_structures_(runtime)
libtinfo6 6.4-4 502k 317k t=shared_low-level_terminfo_library_for_terminal_handling
libtirpc-common 1.3.3+ds-1 36k 14.0k t=transport-independent_RPC_library_-_common_files
libtirpc3 1.3.3+ds-1 224k 85.3k t=transport-independent_RPC_library
libudev1 252.30-1~deb12u2 322k 109k t=libudev_shared_library
libunistring2 1.0-2 1765k 453k t=Unicode_string_library_for_C
libuuid1 2.38.1-5+deb12u1 76k 28.8k t=Universally_Unique_ID_library
libxxhash0 0.8.1-1 102k 40.6k t=shared_library_for_xxhash
libzstd1 1.5.4+dfsg2-5 851k 292k t=fast_lossless_compression_algorithm
login 1:4.13+dfsg1-1+b1 2596k 616k t=system_login_tools
logsave 1.47.0-2 59k 19.2k t=save_the_output_of_a_command_in_a_log_file
mawk 1.3.4.20200120-3.1 261k 119k t=Pattern_scanning_and_text_processing_language
mount 2.38.1-5+deb12u1 401k 134k t=tools_for_mounting_and_manipulating_filesystems
ncurses-base 6.4-4 388k 261k t=basic_terminal_type_definitions
ncurses-bin 6.4-4 646k 414k t=terminal-related_programs_and_man_pages
passwd 1:4.13+dfsg1-1+b1 3066k 972k t=change_and_administer_password_and_group_data
perl-base 5.36.0-7+deb12u1 7692k 1609k t=minimal_Perl_system
sed 4.9-1 902k 312k t=GNU_stream_editor_for_filtering/transforming_text
sysvinit-utils 3.06-4 107k 31.2k t=System-V-like_utilities
tar 1.34+dfsg-1.2+deb12u1 3155k 839k t=GNU_version_of_the_tar_archiving_utility
tzdata 2024a-0+deb12u1 3278k 255k t=time_zone_and_daylight-saving_time_data
usr-is-merged 37~deb12u1 19k 11.4k t=Transitional_package_to_assert_a_merged-/usr_system
util-linux 2.38.1-5+deb12u1 3557k 1179k t=miscellaneous_system_utilities
util-linux-extra 2.38.1-5+deb12u1 333k 120k t=interactive_login_tools
zlib1g 1:1.2.13.dfsg-1 163k 87.3k t=compression_library_-_runtime
"""

DEBIAN = """
# --- curl, wget and TLS
curl 7.88.1-10+deb12u7 497k 316k d=libcurl4,zlib1g p=/usr/bin/curl:curl t=command_line_tool_for_transferring_data_with_URL_syntax v=jammy:7.81.0-1ubuntu1.18,noble:8.5.0-2ubuntu10.4
libcurl4 7.88.1-10+deb12u7 942k 390k d=libbrotli1,libgssapi-krb5-2,libidn2-0,libldap-2.5-0,libnghttp2-14,libpsl5,librtmp1,libssh2-1,libssl3,libzstd1,zlib1g r=ca-certificates
libcurl3-gnutls 7.88.1-10+deb12u7 927k 385k d=libbrotli1,libgnutls30,libgssapi-krb5-2,libidn2-0,libldap-2.5-0,libnghttp2-14,libpsl5,librtmp1,libssh2-1,libzstd1,zlib1g r=ca-certificates
libbrotli1 1.0.9-2+b6 837k 275k
libgssapi-krb5-2 1.20.1-2+deb12u2 422k 135k d=libcom-err2,libk5crypto3,libkrb5-3,libkrb5support0 s=krb5-doc,krb5-user
libk5crypto3 1.20.1-2+deb12u2 231k 79.8k d=libkrb5support0
libkrb5-3 1.20.1-2+deb12u2 1112k 332k d=libk5crypto3,libkeyutils1,libkrb5support0,libssl3 r=krb5-locales
libkrb5support0 1.20.1-2+deb12u2 128k 32.9k
libkeyutils1 1.6.3-2 38k 8.8k
krb5-locales 1.20.1-2+deb12u2 97k 63.2k
libldap-2.5-0 2.5.13+dfsg-5 599k 183k d=libsasl2-2 r=libldap-common
libldap-common 2.5.13+dfsg-5 95k 29.3k
libsasl2-2 2.1.28+dfsg-10 151k 57.3k d=libsasl2-modules-db r=libsasl2-modules
libsasl2-modules-db 2.1.28+dfsg-10 60k 20.3k
libsasl2-modules 2.1.28+dfsg-10 347k 66.6k s=libsasl2-modules-gssapi-mit,libsasl2-modules-ldap,libsasl2-modules-otp,libsasl2-modules-sql
libnghttp2-14 1.52.0-1+deb12u2 205k 73.0k
libpsl5 0.21.2-1 92k 58.7k r=publicsuffix
publicsuffix 20230209.2326-1 301k 126k
librtmp1 2.4+20151223.gitfa8646d.1-2+b2 143k 60.8k
libssh2-1 1.10.0-3+b1 485k 179k
libssl3 3.0.15-1~deb12u1 6275k 2025k v=jammy:3.0.2-0ubuntu1.18,noble:3.0.13-0ubuntu3.4
openssl 3.0.15-1~deb12u1 2290k 1422k d=libssl3 s=ca-certificates p=/usr/bin/openssl:openssl
ca-certificates 20230311 418k 153k d=openssl,debconf
wget 1.21.3-1+b2 3704k 984k d=libgnutls30,libidn2-0,libnettle8,libpcre2-8-0,libpsl5,libuuid1,zlib1g r=ca-certificates p=/usr/bin/wget:gnu t=retrieves_files_from_the_web v=jammy:1.21.2-2ubuntu1.1,noble:1.21.4-1ubuntu4.1
gnupg 2.2.40-1.1 885k 846k d=dirmngr,gnupg-utils,gpg,gpg-agent,gpgsm p=/usr/bin/gpg:gpg
dirmngr 2.2.40-1.1 1105k 792k d=libassuan0,libksba8,libnpth0
gnupg-utils 2.2.40-1.1 2119k 927k d=libassuan0,libksba8
gpg 2.2.40-1.1 1550k 949k d=libassuan0,libreadline8,libsqlite3-0
gpg-agent 2.2.40-1.1 781k 695k d=libassuan0,libnpth0,pinentry-curses
gpgsm 2.2.40-1.1 575k 629k d=libassuan0,libksba8
libassuan0 2.5.5-5 107k 48.8k
libksba8 1.6.3-2 280k 128k
libnpth0 1.6-3 36k 19.0k
pinentry-curses 1.2.1-1 135k 77.4k d=libncursesw6
netbase 6.4 41k 12.9k
sq 0.27.0-2+b1 8192k 3650k

# --- editors and everyday tools
vim 2:9.0.1378-2 3775k 1568k d=vim-common,vim-runtime,libgpm2,libsodium23 s=ctags,vim-doc,vim-scripts p=/usr/bin/vim.basic:gnu t=Vi_IMproved_-_enhanced_vi_editor v=jammy:2:8.2.3995-1ubuntu2.21,noble:2:9.1.0016-1ubuntu7.3
vim-common 2:9.0.1378-2 393k 124k r=xxd
vim-runtime 2:9.0.1378-2 33446k 7026k
xxd 2:9.0.1378-2 226k 83.8k p=/usr/bin/xxd:gnu
libgpm2 1.20.7-10+b1 75k 14.2k
libsodium23 1.0.18-1 348k 161k
vim-tiny 2:9.0.1378-2 1720k 702k d=vim-common p=/usr/bin/vim.tiny:gnu
nano 7.2-1+deb12u1 2900k 690k d=libncursesw6 s=hunspell p=/usr/bin/nano:nano t=small,_friendly_text_editor_inspired_by_Pico v=jammy:6.2-1ubuntu0.1,noble:7.2-2ubuntu0.1
libncursesw6 6.4-4 412k 134k
less 590-2.1~deb12u2 435k 132k p=/usr/bin/less:gnu
procps 2:4.0.2-3 2300k 709k d=libproc2-0,libncursesw6 r=psmisc p=/usr/bin/ps:gnu,/usr/bin/top:gnu,/usr/bin/free:gnu,/usr/bin/pgrep:gnu,/usr/bin/pkill:gnu,/usr/bin/watch:gnu,/usr/bin/uptime:gnu t=/proc_file_system_utilities v=jammy:2:3.3.17-6ubuntu2.1,noble:2:4.0.4-4ubuntu3.2
libproc2-0 2:4.0.2-3 237k 62.8k
psmisc 23.6-1 910k 259k p=/usr/bin/killall:gnu,/usr/bin/pstree:gnu
htop 3.2.2-2 435k 152k d=libncursesw6,libnl-3-200,libnl-genl-3-200 s=lm-sensors,lsof,strace p=/usr/bin/htop:htop
libnl-3-200 3.7.0-0.2+b1 183k 63.9k
libnl-genl-3-200 3.7.0-0.2+b1 53k 21.5k
tree 2.1.0-1 123k 54.6k p=/usr/bin/tree:tree
jq 1.6-2.1 102k 64.9k d=libjq1 p=/usr/bin/jq:jq t=lightweight_and_flexible_command-line_JSON_processor
libjq1 1.6-2.1 359k 135k d=libonig5
libonig5 6.9.8-1 628k 188k
unzip 6.0-28 385k 166k p=/usr/bin/unzip:gnu
zip 3.0-13 638k 230k p=/usr/bin/zip:zip
xz-utils 5.4.1-0.2 1267k 472k
bzip2 1.0.8-5+b1 119k 49.3k
file 1:5.44-3 86k 42.5k d=libmagic1
libmagic1 1:5.44-3 238k 104k d=libmagic-mgc
libmagic-mgc 1:5.44-3 7595k 305k
sudo 1.9.13p3-1+deb12u1 6138k 1890k p=/usr/bin/sudo:sudo
locales 2.36-9+deb12u8 16904k 3914k
sqlite3 3.40.1-2+deb12u1 1867k 353k d=libsqlite3-0,libreadline8 p=/usr/bin/sqlite3:sqlite3
libsqlite3-0 3.40.1-2+deb12u1 1798k 839k
libreadline8 8.2-1.3 481k 163k d=readline-common
readline-common 8.2-1.3 94k 69.4k

# --- networking tools
iputils-ping 3:20221126-1+deb12u1 124k 47.2k r=libcap2-bin p=/usr/bin/ping:gnu t=Tools_to_test_the_reachability_of_network_hosts v=jammy:3:20211215-1,noble:3:20240117-1build1
libcap2-bin 1:2.66-4 146k 34.7k
net-tools 2.10-0.1 1002k 243k p=/usr/sbin/ifconfig:gnu,/usr/bin/netstat:gnu,/usr/sbin/route:gnu v=jammy:1.60+git20181103.0eebece-1ubuntu5,noble:2.10-0.1ubuntu4
iproute2 6.1.0-3 3750k 1044k d=libbpf1,libelf1,libmnl0,libxtables12,libcap2-bin p=/usr/bin/ip:gnu,/usr/bin/ss:gnu
libbpf1 1:1.1.0-1 362k 145k d=libelf1
libelf1 0.188-2.1 488k 175k
libmnl0 1.0.4-3 42k 12.9k
libxtables12 1.8.9-2 98k 30.8k
dnsutils 1:9.18.28-1~deb12u2 73k 29.9k d=bind9-dnsutils
bind9-dnsutils 1:9.18.28-1~deb12u2 721k 403k d=bind9-libs p=/usr/bin/dig:dig,/usr/bin/nslookup:gnu
bind9-libs 1:9.18.28-1~deb12u2 4138k 1168k d=libjson-c5,liblmdb0,libmaxminddb0,libuv1
libjson-c5 0.16-2 100k 44.1k
liblmdb0 0.9.24-1 109k 45.0k
libmaxminddb0 1.7.1-1 63k 29.8k
libuv1 1.44.2-1 463k 136k
netcat-openbsd 1.219-1 110k 41.0k d=libbsd0 p=/usr/bin/nc.openbsd:gnu
libbsd0 0.11.7-2 235k 117k d=libmd0
openssh-client 1:9.2p1-2+deb12u3 4722k 991k d=libcbor0.8,libedit2,libfido2-1 r=xauth s=keychain,libpam-ssh,monkeysphere,ssh-askpass p=/usr/bin/ssh:ssh,/usr/bin/scp:scp
libcbor0.8 0.8.0-2+b1 67k 27.3k
libedit2 3.1-20221030-2 260k 89.6k d=libbsd0
libfido2-1 1.12.0-2+b1 255k 77.0k d=libcbor0.8
xauth 1:1.1.2-1 77k 35.8k d=libx11-6,libxau6,libxext6,libxmuu1
libx11-6 2:1.8.4-2+deb12u2 1529k 760k d=libx11-data,libxcb1
libx11-data 2:1.8.4-2+deb12u2 1513k 292k
libxcb1 1.15-1 600k 144k d=libxau6,libxdmcp6
libxau6 1:1.0.9-1 34k 19.7k
libxdmcp6 1:1.1.2-3 51k 26.3k
libxext6 2:1.3.4-1+b1 123k 52.9k
libxmuu1 2:1.1.3-3 39k 23.6k

# --- git
git 1:2.39.5-0+deb12u1 38919k 7265k d=git-man,libcurl3-gnutls,liberror-perl,libexpat1,perl,libpcre2-8-0 r=ca-certificates,patch,less,openssh-client s=gettext-base,git-daemon-run,git-doc,git-email,git-gui,gitk,gitweb,git-cvs,git-mediawiki,git-svn p=/usr/bin/git:git t=fast,_scalable,_distributed_revision_control_system v=jammy:1:2.34.1-1ubuntu1.11,noble:1:2.43.0-1ubuntu7.1
git-man 1:2.39.5-0+deb12u1 11870k 2051k
liberror-perl 0.17029-2 40k 29.3k d=perl
libexpat1 2.5.0-1+deb12u1 371k 98.7k
perl 5.36.0-7+deb12u1 720k 239k d=perl-modules-5.36,libperl5.36 r=netbase s=perl-doc,make p=/usr/bin/perl:perl
perl-modules-5.36 5.36.0-7+deb12u1 17656k 2815k
libperl5.36 5.36.0-7+deb12u1 28053k 4207k d=libgdbm-compat4,libgdbm6
libgdbm6 1.23-3 130k 72.3k
libgdbm-compat4 1.23-3 50k 48.2k
patch 2.7.6-7 249k 128k
mercurial 6.3.2-1 10368k 2612k d=mercurial-common,python3
mercurial-common 6.3.2-1 15872k 3097k
subversion 1.14.2-4+b2 3420k 1011k d=libsvn1
libsvn1 1.14.2-4+b2 5500k 1470k d=libapr1,libaprutil1,libserf-1-1,libsqlite3-0,libutf8proc2
libapr1 1.7.2-3 301k 101k
libaprutil1 1.6.3-1 252k 89.1k d=libapr1,libexpat1
libserf-1-1 1.3.9-11 146k 57.2k d=libapr1,libaprutil1
libutf8proc2 2.8.0-1 362k 61.8k

# --- Python 3.11 (Debian's)
python3 3.11.2-1+b1 92k 26.2k d=python3-minimal,python3.11,libpython3-stdlib s=python3-doc,python3-tk,python3-venv p=/usr/bin/python3.11:python3 t=interactive_high-level_object-oriented_language_(default_python3_version) v=jammy:3.10.6-1~22.04.1,noble:3.12.3-0ubuntu2
python3-minimal 3.11.2-1+b1 135k 26.8k d=python3.11-minimal
python3.11 3.11.2-6+deb12u3 578k 573k d=python3.11-minimal,libpython3.11-stdlib,media-types
python3.11-minimal 3.11.2-6+deb12u3 6089k 2064k d=libpython3.11-minimal,libexpat1,zlib1g
libpython3.11-minimal 3.11.2-6+deb12u3 5057k 818k
libpython3.11-stdlib 3.11.2-6+deb12u3 8228k 1796k d=libpython3.11-minimal,libffi8,libmpdec3,libncursesw6,libreadline8,libsqlite3-0,libuuid1,libnsl2,libtirpc3
libpython3-stdlib 3.11.2-1+b1 37k 9.3k d=libpython3.11-stdlib
libmpdec3 2.5.1-2 276k 88.2k
media-types 10.0.0 112k 26.1k
python3-pip 23.0.1+dfsg-1 8254k 1325k d=python3,ca-certificates,python3-distutils,python3-setuptools,python3-wheel,python3-lib2to3 r=build-essential,python3-dev p=/usr/bin/pip3:pip
python3-distutils 3.11.2-3 1023k 131k d=python3-lib2to3
python3-lib2to3 3.11.2-3 469k 76.2k
python3-setuptools 66.1.1-1 2893k 522k d=python3-pkg-resources
python3-pkg-resources 66.1.1-1 1068k 296k
python3-wheel 0.38.4-2 168k 32.9k
python3-venv 3.11.2-1+b1 5k 1.2k d=python3.11-venv,python3-distutils
python3.11-venv 3.11.2-6+deb12u3 9k 5.9k d=python3-pip-whl,python3-setuptools-whl
python3-pip-whl 23.0.1+dfsg-1 1889k 1717k
python3-setuptools-whl 66.1.1-1 1115k 1111k
python3-dev 3.11.2-1+b1 37k 26.2k d=python3.11-dev,libpython3-dev
python3.11-dev 3.11.2-6+deb12u3 2023k 501k d=libpython3.11-dev,libexpat1-dev,zlib1g-dev
libpython3-dev 3.11.2-1+b1 37k 9.6k d=libpython3.11-dev
libpython3.11-dev 3.11.2-6+deb12u3 23654k 4744k
libexpat1-dev 2.5.0-1+deb12u1 712k 151k
zlib1g-dev 1:1.2.13.dfsg-1 598k 916k

# --- compilers (build-essential and friends)
build-essential 12.9 20k 7.7k d=libc6-dev,gcc,g++,make,dpkg-dev t=Informational_list_of_build-essential_packages v=jammy:12.9ubuntu3,noble:12.10ubuntu1
gcc 4:12.2.0-3 48k 5.2k d=cpp,gcc-12 s=gcc-multilib,make,manpages-dev,autoconf,automake,libtool,flex,bison,gdb,gcc-doc p=/usr/bin/gcc-12:gcc
gcc-12 12.2.0-14 68398k 19265k d=cpp-12,gcc-12-base,libcc1-0,binutils,libgcc-12-dev,libisl23,libmpc3,libmpfr6
cpp 4:12.2.0-3 39k 6.8k d=cpp-12
cpp-12 12.2.0-14 29838k 9345k d=libisl23,libmpc3,libmpfr6
g++ 4:12.2.0-3 16k 1.3k d=cpp,gcc,g++-12 p=/usr/bin/g++-12:g++
g++-12 12.2.0-14 37436k 10736k d=gcc-12,libstdc++-12-dev
libstdc++-12-dev 12.2.0-14 21120k 2047k d=libgcc-12-dev,libc6-dev
libgcc-12-dev 12.2.0-14 14068k 2437k d=libasan8,libatomic1,libgomp1,libitm1,liblsan0,libquadmath0,libtsan2,libubsan1
libasan8 12.2.0-14 8214k 2193k
libatomic1 12.2.0-14 42k 9.3k
libgomp1 12.2.0-14 346k 116k
libitm1 12.2.0-14 107k 26.0k
liblsan0 12.2.0-14 3058k 969k
libquadmath0 12.2.0-14 285k 145k
libtsan2 12.2.0-14 8710k 2196k
libubsan1 12.2.0-14 2866k 883k
libcc1-0 12.2.0-14 116k 41.7k
libisl23 0.25-1.1 3534k 670k
libmpc3 1.3.1-1 138k 51.5k
libmpfr6 4.2.0-1 1333k 701k
binutils 2.40-2 110k 65.0k d=binutils-common,libbinutils,binutils-x86-64-linux-gnu
binutils-common 2.40-2 11763k 2487k
libbinutils 2.40-2 2811k 572k d=libctf0,libctf-nobfd0,libgprofng0,libjansson4
binutils-x86-64-linux-gnu 2.40-2 10562k 2246k
libctf0 2.40-2 226k 89.8k
libctf-nobfd0 2.40-2 423k 153k
libgprofng0 2.40-2 2989k 812k
libjansson4 2.14-2 71k 40.8k
libc6-dev 2.36-9+deb12u8 12014k 1902k d=libc-dev-bin,linux-libc-dev,libcrypt-dev,libnsl-dev,rpcsvc-proto
libc-dev-bin 2.36-9+deb12u8 163k 46.6k
linux-libc-dev 6.1.112-1 7848k 2105k
libcrypt-dev 1:4.4.33-2 350k 118k
libnsl-dev 1.3.0-2 210k 66.4k d=libtirpc-dev
libtirpc-dev 1.3.3+ds-1 752k 191k
rpcsvc-proto 1.4.3-1 274k 63.3k
make 4.3-4.1 1596k 396k s=make-doc p=/usr/bin/make:make t=utility_for_directing_compilation v=jammy:4.3-4.1build1,noble:4.3-4.1build2
dpkg-dev 1.21.22 1817k 1353k d=libdpkg-perl,bzip2,xz-utils,patch,make r=build-essential,fakeroot,libalgorithm-merge-perl s=debian-keyring
libdpkg-perl 1.21.22 1956k 1345k d=perl,libfile-fcntllock-perl r=libfile-fcntllock-perl
libfile-fcntllock-perl 0.22-4+b1 104k 34.6k
fakeroot 1.31-1.2 315k 134k d=libfakeroot
libfakeroot 1.31-1.2 166k 29.0k
libalgorithm-merge-perl 0.08-5 43k 12.7k d=libalgorithm-diff-perl
libalgorithm-diff-perl 1.201-1 138k 46.6k
autoconf 2.71-3 2025k 502k d=m4
automake 1:1.16.5-1.3 1795k 823k d=autoconf
m4 1.4.19-3 575k 287k
libtool 2.4.7-7~deb12u1 2053k 526k
pkg-config 1.8.1-1 55k 13.8k d=pkgconf
pkgconf 1.8.1-1 54k 25.9k d=libpkgconf3
libpkgconf3 1.8.1-1 82k 36.1k
libssl-dev 3.0.15-1~deb12u1 12465k 2441k d=libssl3
libpq-dev 15.8-0+deb12u1 699k 150k d=libpq5,libssl-dev
libpq5 15.8-0+deb12u1 862k 191k d=libgssapi-krb5-2,libldap-2.5-0,libssl3
libffi-dev 3.4.4-1 355k 59.7k d=libffi8

# --- servers and clients people install in exercises
nginx 1.22.1-9 1241k 527k d=nginx-common,libcrypt1,libpcre2-8-0,libssl3 p=/usr/sbin/nginx:nginx v=jammy:1.18.0-6ubuntu14.5,noble:1.24.0-2ubuntu7.1
nginx-common 1.22.1-9 159k 112k
apache2 2.4.62-1~deb12u1 566k 220k d=apache2-bin,apache2-data,apache2-utils p=/usr/sbin/apache2:httpd
apache2-bin 2.4.62-1~deb12u1 5981k 1388k d=libapr1,libaprutil1,libbrotli1,libcurl4,libjansson4,libldap-2.5-0,liblua5.3-0,libnghttp2-14,libpcre2-8-0,libssl3,libxml2
apache2-data 2.4.62-1~deb12u1 869k 160k
apache2-utils 2.4.62-1~deb12u1 545k 208k
liblua5.3-0 5.3.6-2 464k 124k
libxml2 2.9.14+dfsg-1.3~deb12u1 2060k 687k d=libicu72
libicu72 72.1-3 36404k 9376k
postgresql-client 15+248 69k 18.6k d=postgresql-client-15
postgresql-client-15 15.8-0+deb12u1 5928k 1691k d=libpq5,postgresql-client-common p=/usr/lib/postgresql/15/bin/psql:psql
postgresql-client-common 248 188k 35.6k
default-mysql-client 1.1.0 19k 3.0k d=mariadb-client
mariadb-client 1:10.11.6-0+deb12u1 14017k 2964k p=/usr/bin/mariadb:mysql
redis-tools 5:7.0.15-1~deb12u1 4340k 1002k d=liblzf1 p=/usr/bin/redis-cli:redis-cli
liblzf1 3.6-3 34k 10.3k
nodejs 18.19.0+dfsg-6~deb12u2 49216k 11475k d=libnode108 p=/usr/bin/node:node v=jammy:12.22.9~dfsg-1ubuntu3.6,noble:18.19.1+dfsg-6ubuntu5
libnode108 18.19.0+dfsg-6~deb12u2 56781k 12906k d=libuv1,libicu72,libssl3,libcares2
libcares2 1.18.1-3 191k 98.5k
npm 9.2.0~ds1-1 4280k 1897k d=nodejs p=/usr/bin/npm:npm
default-jre-headless 2:1.17-74 6k 1.0k d=openjdk-17-jre-headless
openjdk-17-jre-headless 17.0.13+11-2~deb12u1 198860k 43700k p=/usr/lib/jvm/java-17-openjdk-amd64/bin/java:java
"""

# ---------------------------------------------------------------- Alpine v3.20
ALPINE_BASE = """
# --- the packages of the alpine:3.20 image
alpine-baselayout 3.6.5-r0 8k 8.9k d=alpine-baselayout-data,busybox-binsh
alpine-baselayout-data 3.6.5-r0 18k 11.4k
alpine-keys 2.4-r1 156k 13.3k
alpine-release 3.20.3-r0 4k 2.3k
apk-tools 2.14.4-r1 344k 121k d=musl,ca-certificates-bundle,libcrypto3,libssl3,zlib p=/sbin/apk:apk
busybox 1.36.1-r29 928k 509k d=musl
busybox-binsh 1.36.1-r29 0 1.5k d=busybox
ca-certificates-bundle 20240705-r0 221k 131k
libcrypto3 3.3.2-r1 4628k 1759k d=musl
libssl3 3.3.2-r1 788k 361k d=libcrypto3
musl 1.2.5-r0 632k 411k
musl-utils 1.2.5-r0 133k 36.4k d=scanelf,musl
libc-utils 0.7.2-r5 4k 1.2k d=musl-utils
scanelf 1.3.7-r2 60k 35.7k d=musl
ssl_client 1.36.1-r29 16k 4.9k d=libcrypto3,libssl3
zlib 1.3.1-r1 100k 53.5k d=musl
"""

ALPINE = """
# --- installable
curl 8.10.1-r0 252k 153k d=ca-certificates,libcurl p=/usr/bin/curl:curl t=URL_retrival_utility_and_library
libcurl 8.10.1-r0 624k 331k d=brotli-libs,c-ares,libidn2,libpsl,nghttp2-libs,zstd-libs
ca-certificates 20240705-r0 680k 119k
brotli-libs 1.1.0-r2 948k 340k
c-ares 1.33.1-r0 224k 83.5k
libidn2 2.3.7-r0 288k 58.5k d=libunistring
libunistring 1.2-r0 1764k 577k
libpsl 0.21.5-r1 68k 19.1k d=libidn2
nghttp2-libs 1.62.1-r0 172k 72.3k
zstd-libs 1.5.6-r0 592k 256k
bash 5.2.26-r0 1368k 440k d=readline p=/bin/bash:bash t=The_GNU_Bourne_Again_shell
readline 8.2.10-r0 312k 114k d=ncurses-libs
ncurses-libs 6.4_p20240420-r1 532k 174k d=ncurses-terminfo-base
ncurses-terminfo-base 6.4_p20240420-r1 44k 22.1k
git 2.45.2-r0 12836k 5043k d=libcurl,libexpat,pcre2 p=/usr/bin/git:git t=Distributed_version_control_system
libexpat 2.6.3-r0 188k 76.4k
pcre2 10.43-r0 712k 262k
vim 9.1.0707-r0 3312k 1465k d=xxd,vim-common,libintl p=/usr/bin/vim:gnu
vim-common 9.1.0707-r0 39424k 6840k
xxd 9.1.0707-r0 48k 18.6k
libintl 0.22.5-r0 52k 24.8k
nano 8.0-r0 3036k 600k d=ncurses-libs p=/bin/nano:nano
python3 3.12.7-r0 57824k 17080k d=libbz2,libffi,gdbm,xz-libs,mpdecimal,ncurses-libs,readline,sqlite-libs p=/usr/bin/python3.12:python3 t=A_high-level_scripting_language
libbz2 1.0.8-r6 72k 28.8k
libffi 3.4.6-r0 48k 22.5k
gdbm 1.23-r1 184k 86.1k
xz-libs 5.6.2-r0 228k 113k
mpdecimal 4.0.0-r0 228k 95.3k
sqlite-libs 3.45.3-r1 1472k 660k
py3-pip 24.0-r2 11188k 2405k d=python3 p=/usr/bin/pip3:pip
nodejs 20.15.1-r0 43852k 14063k d=c-ares,libstdc++,icu-libs,brotli-libs,nghttp2-libs,ada-libs,simdutf p=/usr/bin/node:node
libstdc++ 13.2.1_git20240309-r0 2540k 1016k d=libgcc
libgcc 13.2.1_git20240309-r0 160k 54.5k
icu-libs 74.2-r0 36800k 11416k d=icu-data-en
icu-data-en 74.2-r0 932k 570k
ada-libs 2.7.8-r0 692k 161k
simdutf 5.2.8-r0 1516k 258k
npm 10.8.0-r0 8984k 2640k d=nodejs p=/usr/bin/npm:npm
build-base 0.5-r3 4k 1.5k d=binutils,file,fortify-headers,g++,gcc,libc-dev,make,patch
binutils 2.42-r0 10652k 3002k d=jansson,zstd-libs
jansson 2.14-r4 76k 22.4k
file 5.45-r1 8708k 780k d=libmagic
libmagic 5.45-r1 8588k 776k
fortify-headers 1.1-r3 96k 14.9k
gcc 13.2.1_git20240309-r0 130080k 38200k d=binutils,libgcc,libstdc++,libgomp,libatomic,gmp,isl26,mpc1,mpfr4 p=/usr/bin/gcc:gcc
g++ 13.2.1_git20240309-r0 38240k 11020k d=gcc,libstdc++-dev,musl-dev p=/usr/bin/g++:g++
libstdc++-dev 13.2.1_git20240309-r0 19044k 2170k
libgomp 13.2.1_git20240309-r0 284k 90.9k
libatomic 13.2.1_git20240309-r0 28k 7.7k
gmp 6.3.0-r1 432k 216k
isl26 0.26-r1 2440k 740k
mpc1 1.3.1-r1 108k 45.5k
mpfr4 4.2.1-r0 2992k 348k
libc-dev 0.7.2-r5 4k 1.5k d=musl-dev
musl-dev 1.2.5-r0 3432k 1000k
make 4.4.1-r2 276k 143k p=/usr/bin/make:make
patch 2.7.6-r10 124k 60.9k
openssl 3.3.2-r1 792k 341k d=libcrypto3,libssl3 p=/usr/bin/openssl:openssl
tzdata 2024b-r0 1588k 441k
jq 1.7.1-r0 348k 147k d=oniguruma p=/usr/bin/jq:jq
oniguruma 6.9.9-r0 632k 180k
openssh-client-default 9.7_p1-r4 2916k 953k d=openssh-keygen p=/usr/bin/ssh:ssh
openssh-keygen 9.7_p1-r4 492k 238k
htop 3.3.0-r0 412k 140k d=ncurses-libs p=/usr/bin/htop:htop
tini 0.19.0-r3 36k 10.7k p=/sbin/tini:tini
su-exec 0.2-r3 20k 5.9k p=/sbin/su-exec:su-exec
shadow 4.15.1-r0 2808k 837k p=/usr/sbin/useradd:gnu,/usr/sbin/groupadd:gnu
wget 1.24.5-r0 672k 271k d=libidn2,libunistring,pcre2 p=/usr/bin/wget:gnu
postgresql16-client 16.4-r0 2556k 846k d=libpq p=/usr/bin/psql:psql
libpq 16.4-r0 324k 160k
"""

# ---------------------------------------------------------------- PyPI
# Installed sizes of the unpacked wheels; `w=native` marks compiled (manylinux) wheels.
PYPI = """
Flask 3.0.3 363k 101k d=Werkzeug>=3.0.0,Jinja2>=3.1.2,itsdangerous>=2.1.2,click>=8.1.3,blinker>=1.6.2 p=flask:flask.cli t=A_simple_framework_for_building_complex_web_applications.
Werkzeug 3.0.4 1009k 227k d=MarkupSafe>=2.1.1 t=The_comprehensive_WSGI_web_application_library.
Jinja2 3.1.4 869k 133k d=MarkupSafe>=2.0 t=A_very_fast_and_expressive_template_engine.
MarkupSafe 2.1.5 52k 28.0k w=native t=Safely_add_untrusted_strings_to_HTML/XML_markup.
itsdangerous 2.2.0 54k 16.0k t=Safely_pass_data_to_untrusted_environments_and_back.
click 8.1.7 416k 97.9k t=Composable_command_line_interface_toolkit
blinker 1.8.2 28k 9.5k t=Fast,_simple_object-to-object_and_broadcast_signaling
requests 2.32.3 202k 64.9k d=charset-normalizer<4,>=2,idna<4,>=2.5,urllib3<3,>=1.21.1,certifi>=2017.4.17 t=Python_HTTP_for_Humans.
charset-normalizer 3.4.0 512k 143k w=native p=normalizer:charset_normalizer.cli t=The_Real_First_Universal_Charset_Detector.
idna 3.10 497k 70.4k t=Internationalized_Domain_Names_in_Applications_(IDNA)
urllib3 2.2.3 498k 126k t=HTTP_library_with_thread-safe_connection_pooling,_file_post,_and_more.
certifi 2024.8.30 305k 167k t=Python_package_for_providing_Mozilla's_CA_Bundle.
numpy 2.1.2 63700k 16300k w=native p=f2py:numpy.f2py.f2py2e,numpy-config:numpy._configtool t=Fundamental_package_for_array_computing_in_Python
pandas 2.2.3 70200k 12700k w=native d=numpy>=1.26.0,python-dateutil>=2.8.2,pytz>=2020.1,tzdata>=2022.7 t=Powerful_data_structures_for_data_analysis,_time_series,_and_statistics
python-dateutil 2.9.0.post0 738k 229k d=six>=1.5 t=Extensions_to_the_standard_Python_datetime_module
six 1.16.0 41k 11.1k t=Python_2_and_3_compatibility_utilities
pytz 2024.2 2970k 508k t=World_timezone_definitions,_modern_and_historical
tzdata 2024.2 1480k 346k t=Provider_of_IANA_time_zone_data
Django 5.1.2 28700k 8300k d=asgiref<4,>=3.8.1,sqlparse>=0.3.1 p=django-admin:django.core.management t=A_high-level_Python_web_framework_that_encourages_rapid_development_and_clean,_pragmatic_design.
asgiref 3.8.1 84k 23.8k t=ASGI_specs,_helper_code,_and_adapters
sqlparse 0.5.1 279k 44.2k p=sqlformat:sqlparse.__main__ t=A_non-validating_SQL_parser.
fastapi 0.115.2 432k 94.7k d=starlette<0.41.0,>=0.37.2,pydantic!=1.8,>=1.7.4,typing-extensions>=4.8.0 t=FastAPI_framework,_high_performance,_easy_to_learn,_fast_to_code,_ready_for_production
starlette 0.40.0 318k 73.3k d=anyio<5,>=3.4.0 t=The_little_ASGI_library_that_shines.
anyio 4.6.2.post1 370k 90.0k d=idna>=2.8,sniffio>=1.1 t=High_level_compatibility_layer_for_multiple_asynchronous_event_loop_implementations
sniffio 1.3.1 24k 10.2k t=Sniff_out_which_async_library_your_code_is_running_under
pydantic 2.9.2 1640k 434k d=annotated-types>=0.6.0,pydantic-core==2.23.4,typing-extensions>=4.6.1 t=Data_validation_using_Python_type_hints
pydantic_core 2.23.4 4950k 2100k w=native d=typing-extensions!=4.7.0,>=4.6.0 t=Core_functionality_for_Pydantic_validation_and_serialization
annotated-types 0.7.0 42k 13.0k t=Reusable_constraint_types_to_use_with_typing.Annotated
typing_extensions 4.12.2 134k 37.6k t=Backported_and_Experimental_Type_Hints_for_Python_3.8+
uvicorn 0.32.0 244k 63.7k d=click>=7.0,h11>=0.8 p=uvicorn:uvicorn.main t=The_lightning-fast_ASGI_server.
h11 0.14.0 176k 58.3k t=A_pure-Python,_bring-your-own-I/O_implementation_of_HTTP/1.1
gunicorn 23.0.0 436k 85.0k d=packaging p=gunicorn:gunicorn.app.wsgiapp t=WSGI_HTTP_Server_for_UNIX
packaging 24.1 242k 53.0k t=Core_utilities_for_Python_packages
pytest 8.3.3 1414k 342k d=iniconfig,packaging,pluggy<2,>=1.5 p=pytest:pytest,py.test:pytest t=pytest:_simple_powerful_testing_with_Python
iniconfig 2.0.0 19k 5.9k t=brain-dead_simple_config-ini_parsing
pluggy 1.5.0 70k 20.1k t=plugin_and_hook_calling_mechanisms_for_python
SQLAlchemy 2.0.36 10600k 3200k w=native d=typing-extensions>=4.6.0,greenlet!=0.4.17 t=Database_Abstraction_Library
greenlet 3.1.1 1790k 613k w=native t=Lightweight_in-process_concurrent_programming
psycopg2-binary 2.9.10 9580k 3000k w=native t=psycopg2_-_Python-PostgreSQL_Database_Adapter
redis 5.2.0 1110k 261k t=Python_client_for_Redis_database_and_key-value_store
python-dotenv 1.0.1 68k 19.9k p=dotenv:dotenv.__main__ t=Read_key-value_pairs_from_a_.env_file_and_set_them_as_environment_variables
pillow 11.0.0 14900k 4400k w=native t=Python_Imaging_Library_(Fork)
PyYAML 6.0.2 2380k 767k w=native t=YAML_parser_and_emitter_for_Python
beautifulsoup4 4.12.3 700k 147k d=soupsieve>1.2 t=Screen-scraping_library
soupsieve 2.6 138k 36.1k t=A_modern_CSS_selector_implementation_for_Beautiful_Soup.
matplotlib 3.9.2 24400k 8300k w=native d=contourpy>=1.0.1,cycler>=0.10,fonttools>=4.22.0,kiwisolver>=1.3.1,numpy>=1.23,packaging>=20.0,pillow>=8,pyparsing>=2.3.1,python-dateutil>=2.7 t=Python_plotting_package
contourpy 1.3.0 857k 321k w=native d=numpy>=1.23 t=Python_library_for_calculating_contours_of_2D_quadrilateral_grids
cycler 0.12.1 27k 8.3k t=Composable_style_cycles
fonttools 4.54.1 14700k 4900k w=native p=fonttools:fontTools.__main__ t=Tools_to_manipulate_font_files
kiwisolver 1.4.7 3650k 1400k w=native t=A_fast_implementation_of_the_Cassowary_constraint_solver
pyparsing 3.2.0 535k 106k t=pyparsing_module_-_Classes_and_methods_to_define_and_execute_parsing_grammars
scikit-learn 1.5.2 39000k 13300k w=native d=numpy>=1.19.5,scipy>=1.6.0,joblib>=1.2.0,threadpoolctl>=3.1.0 t=A_set_of_python_modules_for_machine_learning_and_data_mining
scipy 1.14.1 115000k 41200k w=native d=numpy<2.3,>=1.23.5 t=Fundamental_algorithms_for_scientific_computing_in_Python
joblib 1.4.2 1230k 301k t=Lightweight_pipelining_with_Python_functions
threadpoolctl 3.5.0 68k 18.4k t=threadpoolctl
setuptools 75.2.0 4500k 1200k t=Easily_download,_build,_install,_upgrade,_and_uninstall_Python_packages
wheel 0.44.0 188k 67.1k p=wheel:wheel.cli t=A_built-package_format_for_Python
pip 24.3.1 8660k 1800k t=The_PyPA_recommended_tool_for_installing_Python_packages.
"""

# ---------------------------------------------------------------- the npm registry
# Unpacked sizes; dependencies pinned to the version a fresh install resolves.
NPM = """
express 4.21.1 220k 81.0k d=accepts@1.3.8,array-flatten@1.1.1,body-parser@1.20.3,content-disposition@0.5.4,content-type@1.0.5,cookie@0.7.1,cookie-signature@1.0.6,debug@2.6.9,depd@2.0.0,encodeurl@2.0.0,escape-html@1.0.3,etag@1.8.1,finalhandler@1.3.1,fresh@0.5.2,http-errors@2.0.0,merge-descriptors@1.0.3,methods@1.1.2,on-finished@2.4.1,parseurl@1.3.3,path-to-regexp@0.1.10,proxy-addr@2.0.7,qs@6.13.0,range-parser@1.2.1,safe-buffer@5.2.1,send@0.19.0,serve-static@1.16.2,setprototypeof@1.2.0,statuses@2.0.1,type-is@1.6.18,utils-merge@1.0.1,vary@1.1.2 t=Fast,_unopinionated,_minimalist_web_framework
accepts 1.3.8 17k 5.3k d=mime-types@2.1.35,negotiator@0.6.3
array-flatten 1.1.1 5k 2.4k
body-parser 1.20.3 58k 16.0k d=bytes@3.1.2,content-type@1.0.5,debug@2.6.9,depd@2.0.0,destroy@1.2.0,http-errors@2.0.0,iconv-lite@0.4.24,on-finished@2.4.1,qs@6.13.0,raw-body@2.5.2,type-is@1.6.18,unpipe@1.0.0
content-disposition 0.5.4 19k 6.4k d=safe-buffer@5.2.1
content-type 1.0.5 10k 4.5k
cookie 0.7.1 23k 7.2k
cookie-signature 1.0.6 5k 2.8k
debug 2.6.9 79k 17.1k d=ms@2.0.0
debug 4.3.7 42k 13.1k d=ms@2.1.3
depd 2.0.0 26k 8.4k
encodeurl 2.0.0 8k 3.8k
encodeurl 1.0.2 9k 3.8k
escape-html 1.0.3 5k 2.4k
etag 1.8.1 9k 4.5k
finalhandler 1.3.1 17k 6.0k d=debug@2.6.9,encodeurl@2.0.0,escape-html@1.0.3,on-finished@2.4.1,parseurl@1.3.3,statuses@2.0.1,unpipe@1.0.0
fresh 0.5.2 10k 4.1k
http-errors 2.0.0 19k 6.3k d=depd@2.0.0,inherits@2.0.4,setprototypeof@1.2.0,statuses@2.0.1,toidentifier@1.0.1
merge-descriptors 1.0.3 4k 2.4k
methods 1.1.2 5k 2.6k
on-finished 2.4.1 13k 5.2k d=ee-first@1.1.1
parseurl 1.3.3 10k 4.1k
path-to-regexp 0.1.10 6k 3.0k
proxy-addr 2.0.7 15k 5.9k d=forwarded@0.2.0,ipaddr.js@1.9.1
qs 6.13.0 250k 65.8k d=side-channel@1.0.6
range-parser 1.2.1 9k 4.0k
safe-buffer 5.2.1 32k 8.9k
send 0.19.0 49k 12.9k d=debug@2.6.9,depd@2.0.0,destroy@1.2.0,encodeurl@1.0.2,escape-html@1.0.3,etag@1.8.1,fresh@0.5.2,http-errors@2.0.0,mime@1.6.0,ms@2.1.3,on-finished@2.4.1,range-parser@1.2.1,statuses@2.0.1
serve-static 1.16.2 25k 7.7k d=encodeurl@2.0.0,escape-html@1.0.3,parseurl@1.3.3,send@0.19.0
setprototypeof 1.2.0 5k 2.7k
statuses 2.0.1 13k 5.5k
type-is 1.6.18 18k 6.5k d=media-typer@0.3.0,mime-types@2.1.35
utils-merge 1.0.1 4k 2.4k
vary 1.1.2 9k 4.5k
mime-types 2.1.35 18k 6.2k d=mime-db@1.52.0
mime-db 1.52.0 206k 27.3k
negotiator 0.6.3 28k 8.4k
bytes 3.1.2 12k 4.9k
destroy 1.2.0 9k 4.2k
iconv-lite 0.4.24 334k 116k d=safer-buffer@2.1.2
raw-body 2.5.2 21k 7.8k d=bytes@3.1.2,http-errors@2.0.0,iconv-lite@0.4.24,unpipe@1.0.0
unpipe 1.0.0 4k 2.2k
ms 2.0.0 5k 2.9k
ms 2.1.3 6k 3.0k
inherits 2.0.4 4k 2.0k
toidentifier 1.0.1 4k 2.4k
safer-buffer 2.1.2 42k 12.0k
ee-first 1.1.1 5k 2.6k
side-channel 1.0.6 27k 8.1k d=call-bind@1.0.7,es-errors@1.3.0,get-intrinsic@1.2.4,object-inspect@1.13.2
call-bind 1.0.7 24k 6.7k d=es-define-property@1.0.0,es-errors@1.3.0,function-bind@1.1.2,get-intrinsic@1.2.4,set-function-length@1.2.2
es-errors 1.3.0 12k 3.5k
get-intrinsic 1.2.4 42k 13.1k d=es-errors@1.3.0,function-bind@1.1.2,has-proto@1.0.3,has-symbols@1.0.3,hasown@2.0.2
object-inspect 1.13.2 94k 26.2k
es-define-property 1.0.0 9k 3.4k d=get-intrinsic@1.2.4
function-bind 1.1.2 31k 8.0k
set-function-length 1.2.2 15k 4.9k d=define-data-property@1.1.4,es-errors@1.3.0,function-bind@1.1.2,get-intrinsic@1.2.4,gopd@1.0.1,has-property-descriptors@1.0.2
has-proto 1.0.3 9k 3.7k
has-symbols 1.0.3 20k 5.9k
hasown 2.0.2 8k 3.4k d=function-bind@1.1.2
define-data-property 1.1.4 26k 7.0k d=es-define-property@1.0.0,es-errors@1.3.0,gopd@1.0.1
gopd 1.0.1 9k 3.5k d=get-intrinsic@1.2.4
has-property-descriptors 1.0.2 10k 3.8k d=es-define-property@1.0.0
media-typer 0.3.0 8k 3.6k
forwarded 0.2.0 9k 3.9k
ipaddr.js 1.9.1 34k 10.2k
mime 1.6.0 108k 15.8k
lodash 4.17.21 1412k 319k t=Lodash_modular_utilities.
react 18.3.1 318k 75.8k d=loose-envify@1.4.0 t=React_is_a_JavaScript_library_for_building_user_interfaces.
react-dom 18.3.1 4432k 1300k d=loose-envify@1.4.0,scheduler@0.23.2 t=React_package_for_working_with_the_DOM.
loose-envify 1.4.0 9k 4.1k d=js-tokens@4.0.0 p=loose-envify:cli.js
js-tokens 4.0.0 13k 4.6k
scheduler 0.23.2 116k 28.4k d=loose-envify@1.4.0
nodemon 3.1.7 221k 69.2k d=chokidar@3.6.0,debug@4.3.7,ignore-by-default@1.0.1,minimatch@3.1.2,pstree.remy@1.1.8,semver@7.6.3,simple-update-notifier@2.0.0,supports-color@5.5.0,touch@3.1.1,undefsafe@2.0.5 p=nodemon:bin/nodemon.js t=Simple_monitor_script_for_use_during_development_of_a_Node.js_app.
chokidar 3.6.0 90k 28.2k d=anymatch@3.1.3,braces@3.0.3,glob-parent@5.1.2,is-binary-path@2.1.0,is-glob@4.0.3,normalize-path@3.0.0,readdirp@3.6.0
anymatch 3.1.3 9k 4.4k d=normalize-path@3.0.0,picomatch@2.3.1
normalize-path 3.0.0 9k 3.9k
picomatch 2.3.1 87k 23.9k
braces 3.0.3 45k 12.9k d=fill-range@7.1.1
fill-range 7.1.1 17k 6.3k d=to-regex-range@5.0.1
to-regex-range 5.0.1 33k 8.5k d=is-number@7.0.0
is-number 7.0.0 9k 3.6k
glob-parent 5.1.2 8k 4.0k d=is-glob@4.0.3
is-glob 4.0.3 11k 4.3k d=is-extglob@2.1.1
is-extglob 2.1.1 6k 3.2k
is-binary-path 2.1.0 4k 2.5k d=binary-extensions@2.3.0
binary-extensions 2.3.0 6k 3.1k
readdirp 3.6.0 21k 7.0k d=picomatch@2.3.1
ignore-by-default 1.0.1 4k 2.4k
minimatch 3.1.2 31k 10.1k d=brace-expansion@1.1.11
brace-expansion 1.1.11 11k 4.4k d=balanced-match@1.0.2,concat-map@0.0.1
balanced-match 1.0.2 7k 3.4k
concat-map 0.0.1 6k 2.3k
pstree.remy 1.1.8 9k 3.6k
semver 7.6.3 94k 26.6k p=semver:bin/semver.js
simple-update-notifier 2.0.0 13k 4.5k d=semver@7.6.3
supports-color 5.5.0 6k 3.4k d=has-flag@3.0.0
has-flag 3.0.0 4k 2.6k
touch 3.1.1 9k 3.7k p=nodetouch:bin/nodetouch.js
undefsafe 2.0.5 8k 3.3k
axios 1.7.7 2092k 401k d=follow-redirects@1.15.9,form-data@4.0.1,proxy-from-env@1.1.0 t=Promise_based_HTTP_client_for_the_browser_and_node.js
follow-redirects 1.15.9 30k 7.9k
form-data 4.0.1 38k 9.6k d=asynckit@0.4.0,combined-stream@1.0.8,mime-types@2.1.35
asynckit 0.4.0 26k 8.4k
combined-stream 1.0.8 11k 4.3k d=delayed-stream@1.0.0
delayed-stream 1.0.0 9k 3.9k
proxy-from-env 1.1.0 12k 4.5k
cors 2.8.5 20k 6.8k d=object-assign@4.1.1,vary@1.1.2 t=Node.js_CORS_middleware
object-assign 4.1.1 6k 3.1k
dotenv 16.4.5 78k 24.3k t=Loads_environment_variables_from_.env_file
uuid 10.0.0 127k 37.7k p=uuid:dist/bin/uuid t=RFC9562_UUIDs
moment 2.30.1 4371k 866k t=Parse,_validate,_manipulate,_and_display_dates
chalk 5.3.0 43k 13.3k t=Terminal_string_styling_done_right
typescript 5.6.3 22500k 5900k p=tsc:bin/tsc,tsserver:bin/tsserver t=TypeScript_is_a_language_for_application_scale_JavaScript_development
morgan 1.10.0 26k 7.6k d=basic-auth@2.0.1,debug@2.6.9,depd@2.0.0,on-finished@2.3.0,on-headers@1.0.2 t=HTTP_request_logger_middleware_for_node.js
basic-auth 2.0.1 12k 4.8k d=safe-buffer@5.1.2
safe-buffer 5.1.2 32k 8.9k
on-finished 2.3.0 13k 5.1k d=ee-first@1.1.1
on-headers 1.0.2 8k 3.6k
"""

# ---------------------------------------------------------------- lookups
@lru_cache(maxsize=None)
def debian() -> dict[str, Package]:
    return _parse(DEBIAN_BASE + DEBIAN, kib_sizes=True)


@lru_cache(maxsize=None)
def debian_base() -> tuple[str, ...]:
    """The packages a Debian (or Ubuntu) base image has installed."""
    return tuple(_parse(DEBIAN_BASE, kib_sizes=True))


@lru_cache(maxsize=None)
def alpine() -> dict[str, Package]:
    return _parse(ALPINE_BASE + ALPINE, kib_sizes=True)


@lru_cache(maxsize=None)
def alpine_base() -> tuple[str, ...]:
    return tuple(_parse(ALPINE_BASE, kib_sizes=True))


@lru_cache(maxsize=None)
def pypi() -> dict[str, Package]:
    """By canonical name (PEP 503: lower case, runs of -_. as one -)."""
    return {canonical(p.name): p for p in _parse(PYPI, kib_sizes=True).values()}


@lru_cache(maxsize=None)
def npm() -> dict[str, list[Package]]:
    """Every version of each package, newest first."""
    out: dict[str, list[Package]] = {}
    for pkg in _parse(NPM, kib_sizes=True).values():
        out.setdefault(pkg.name, []).append(pkg)
    for versions in out.values():
        versions.sort(key=lambda p: version_key(p.version), reverse=True)
    return out


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def version_key(version: str) -> tuple:
    """Orders dotted versions numerically ("4.21.1" > "4.9.0"); non-numeric parts sort first."""
    out = []
    for part in version.replace("-", ".").split("."):
        out.append((1, int(part), "") if part.isdigit() else (0, 0, part))
    return tuple(out)


