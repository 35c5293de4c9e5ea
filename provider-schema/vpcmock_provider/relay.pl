# The launcher's side of the template protocol in Perl (template.py has the other side), for
# Linux: Perl starts in about 1.5 ms where Python needs 10. It sends only the marker "PEER";
# the template finds this process by its socket (SO_PEERCRED) and reads its environment,
# directory and standard streams from /proc. Anything short of a provider (no template, a
# refusal) runs the Python launcher instead, which asks again or starts cold.
#
#   perl relay.pl <python> <pythonpath> <plugin.py> [arguments...]
#
# Only Perl's built-in operators: `use Socket` alone costs 5 ms. AF_UNIX and SOCK_STREAM are
# 1 on Linux, and a sockaddr_un is the family then the NUL-terminated path.
my ($python, $pythonpath, $plugin, @arguments) = @ARGV;
$SIG{INT} = 'IGNORE';    # as plugin.py: Terraform handles Ctrl-C and stops the provider

sub python_launcher {
    $ENV{PYTHONPATH} = $pythonpath;
    exec { $python } $python, '-S', $plugin, @arguments;
    exit 70;
}

sub read_exactly {
    my ($socket, $size) = @_;
    my $data = '';
    while (length($data) < $size) {
        my $read = sysread($socket, $data, $size - length($data), length($data));
        return $data unless $read;
    }
    return $data;
}

my $path = $ENV{VPCMOCK_PROVIDER_TEMPLATE};
python_launcher() unless $path && defined $ENV{TF_PLUGIN_MAGIC_COOKIE};
socket(my $socket, 1, 1, 0) or python_launcher();
connect($socket, pack('S', 1) . $path . "\0") or python_launcher();
syswrite($socket, pack('N', 4) . 'PEER') == 8 or python_launcher();
read_exactly($socket, 1) eq 'S' or python_launcher();
# The provider now owns the streams. Its exit status comes when it ends; the connection
# closing without one means the template is gone too: a failure, as far as we know.
my $status = read_exactly($socket, 4);
exit(length($status) == 4 ? unpack('l>', $status) : 1);
