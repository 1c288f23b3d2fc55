#!/bin/bash
# Command examples of seeds/004 (iptables configuration and production hardening), in the guide's
# order. Two changes: Docker's chain DOCKER-USER is created first (dockerd creates it on a real host),
# and the guide's "delete by specification" example (iptables -D INPUT -p tcp --dport 8080 -j ACCEPT),
# which deletes a rule the guide never adds, is left out; ScriptParserTest checks its diagnostic.

# This rule goes in the filter table, INPUT chain
iptables -A INPUT -p tcp --dport 22 -j ACCEPT

# Allow established connections
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT

# Set default policies to DROP
iptables -P INPUT DROP
iptables -P FORWARD DROP
iptables -P OUTPUT ACCEPT

# Flush all rules
iptables -F
iptables -X
iptables -t nat -F
iptables -t nat -X
iptables -t mangle -F
iptables -t mangle -X
# Set default policies
iptables -P INPUT DROP
iptables -P FORWARD DROP
iptables -P OUTPUT ACCEPT

iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT

iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT

# Allow SSH but limit new connections to 3 per minute per IP
iptables -A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -m recent --set
iptables -A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -m recent --update --seconds 60 --hitcount 4 -j DROP
iptables -A INPUT -p tcp --dport 22 -j ACCEPT

iptables -A INPUT -p tcp --dport 80 -j ACCEPT
iptables -A INPUT -p tcp --dport 443 -j ACCEPT

iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT

iptables -A INPUT -m conntrack --ctstate INVALID -j DROP

iptables -A INPUT -m limit --limit 5/min -j LOG --log-prefix "iptables-dropped: " --log-level 4

# Enable SYN cookies at kernel level
echo 1 > /proc/sys/net/ipv4/tcp_syncookies
# Limit SYN packets per second
iptables -A INPUT -p tcp --syn -m limit --limit 1/s --limit-burst 3 -j ACCEPT
iptables -A INPUT -p tcp --syn -j DROP

# Detect port scanning
iptables -N port-scanning
iptables -A port-scanning -p tcp --tcp-flags SYN,ACK,FIN,RST RST -m limit --limit 1/s --limit-burst 2 -j RETURN
iptables -A port-scanning -j DROP
# Apply to INPUT chain
iptables -A INPUT -p tcp --tcp-flags SYN,ACK,FIN,RST RST -j port-scanning

# Install ipset
apt-get install ipset
# Create a set for blocked countries
ipset create blocked-countries hash:net
# Add IP ranges (example: block a specific CIDR)
ipset add blocked-countries 203.0.113.0/24
# Block the set
iptables -A INPUT -m set --match-set blocked-countries src -j DROP

# Allow PostgreSQL only from app servers
iptables -A INPUT -p tcp -s 10.0.1.0/24 --dport 5432 -j ACCEPT
# Allow MySQL only from specific IPs
iptables -A INPUT -p tcp -s 10.0.1.10 --dport 3306 -j ACCEPT
iptables -A INPUT -p tcp -s 10.0.1.11 --dport 3306 -j ACCEPT
# Drop all other database traffic
iptables -A INPUT -p tcp --dport 5432 -j DROP
iptables -A INPUT -p tcp --dport 3306 -j DROP

iptables -L DOCKER -n -v
iptables -L DOCKER-USER -n -v

# created by dockerd on a real host
iptables -N DOCKER-USER
# Block external access to a container port
iptables -I DOCKER-USER -p tcp --dport 6379 ! -s 10.0.0.0/8 -j DROP
# Allow only specific IPs to access container
iptables -I DOCKER-USER -p tcp --dport 8080 -s 192.168.1.100 -j ACCEPT
iptables -I DOCKER-USER -p tcp --dport 8080 -j DROP

# Enable IP forwarding
echo 1 > /proc/sys/net/ipv4/ip_forward
# Masquerade outgoing traffic
iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE

# Forward external port 8080 to internal server port 80
iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.100:80
# Allow forwarded traffic
iptables -A FORWARD -p tcp -d 192.168.1.100 --dport 80 -j ACCEPT

# Round-robin load balancing to three backends
iptables -t nat -A PREROUTING -p tcp --dport 80 -m statistic --mode nth --every 3 --packet 0 -j DNAT --to-destination 192.168.1.10:80
iptables -t nat -A PREROUTING -p tcp --dport 80 -m statistic --mode nth --every 2 --packet 0 -j DNAT --to-destination 192.168.1.11:80
iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 192.168.1.12:80

# Save current rules
iptables-save > /etc/iptables/rules.v4
# Install persistence package
apt-get install iptables-persistent

# List all rules with line numbers
iptables -L -n -v --line-numbers
# Show rules in command format (easier to read)
iptables -S
# Show NAT rules
iptables -t nat -L -n -v

# Delete by line number
iptables -D INPUT 5

#!/bin/bash
# Apply new rules
iptables-restore < /etc/iptables/rules.v4.new
# Schedule rule flush in 5 minutes
at now + 5 minutes <<EOF
iptables -F
iptables -X
iptables -P INPUT ACCEPT
iptables -P FORWARD ACCEPT
iptables -P OUTPUT ACCEPT
EOF
echo "Rules applied. You have 5 minutes to test."
echo "If everything works, cancel the scheduled flush with: atrm <job_id>"

iptables -A INPUT -p tcp --dport 80 -j ACCEPT

iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp --dport 80 -j ACCEPT

# This doesn't work (the guide's example of a wrong order)
iptables -A INPUT -j DROP
iptables -A INPUT -p tcp --dport 22 -j ACCEPT

# Correct order
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -j DROP

iptables -A INPUT -p tcp -j ACCEPT

# Good: One rule handles all response traffic
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
# Bad: Separate rules for every possible response port
iptables -A INPUT -p tcp --sport 80 -j ACCEPT
iptables -A INPUT -p tcp --sport 443 -j ACCEPT

iptables -A INPUT -s 1.2.3.4 -j DROP
iptables -A INPUT -s 5.6.7.8 -j DROP

ipset create blocklist hash:ip
ipset add blocklist 1.2.3.4
ipset add blocklist 5.6.7.8
iptables -A INPUT -m set --match-set blocklist src -j DROP

# Most traffic is established connections - check this first
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
# Then common services
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
iptables -A INPUT -p tcp --dport 443 -j ACCEPT
# Then less common services
iptables -A INPUT -p tcp --dport 22 -j ACCEPT

# nftables
nft add rule ip filter input tcp dport 22 accept

iptables -L -n -v
iptables -Z

tail -f /var/log/kern.log | grep iptables-dropped
# Test TCP connection
nc -zv target-server 80
# Test with timeout
timeout 5 telnet target-server 443
# Check if port is filtered or closed
nmap -p 22,80,443 target-server

# Load the module
modprobe nf_log_ipv4
# Enable tracing for specific traffic
iptables -t raw -A PREROUTING -p tcp --dport 80 -j TRACE
# Watch the trace
tail -f /var/log/kern.log | grep TRACE
