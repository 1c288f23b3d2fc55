#!/bin/sh
# Command examples of seeds/000 ("How to Monitor & Secure IPTables on Linux Server"), in the order the
# guide gives them. Listing, backup and monitoring commands are kept: a reader must skip them.

# View rules (human-readable)
sudo iptables -L -v -n --line-numbers

# View rules (raw, stable format)
sudo iptables -S

# Save a backup (recommended before any change)
sudo iptables-save | sudo tee /root/iptables.backup.$(date +%F).rules

# Watch counters live (packets/bytes)
watch -n 2 "iptables -L -v -n"

# Debian/Ubuntu: check and set backend
sudo update-alternatives --display iptables
sudo update-alternatives --config iptables  # choose iptables-nft or iptables-legacy

# Debian/Ubuntu: install persistence
sudo apt-get update && sudo apt-get install -y iptables-persistent
# Save current rules to load on boot
sudo sh -c 'iptables-save > /etc/iptables/rules.v4'

# RHEL/CentOS/Alma/Rocky: ensure service exists (legacy setups)
# For firewalld-based systems, prefer firewalld/nftables
sudo service iptables save 2>/dev/null || echo "Use nftables/firewalld persistence"

# Start clean (careful on remote systems)
sudo iptables -F
sudo iptables -X

# Default policies
sudo iptables -P INPUT DROP
sudo iptables -P FORWARD DROP
sudo iptables -P OUTPUT ACCEPT   # Consider DROP for strict egress control (advanced)

# Allow loopback
sudo iptables -A INPUT -i lo -j ACCEPT
sudo iptables -A OUTPUT -o lo -j ACCEPT

# Allow established/related
sudo iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT

# Allow SSH (22) - restrict by IP if possible
sudo iptables -A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT

# Allow web
sudo iptables -A INPUT -p tcp -m multiport --dports 80,443 -m conntrack --ctstate NEW -j ACCEPT

# Drop invalid packets early
sudo iptables -A INPUT -m conntrack --ctstate INVALID -j DROP

# Create a logging chain
sudo iptables -N LOGGING

# Send unmatched INPUT to LOGGING (place before final DROP if any)
sudo iptables -A INPUT -j LOGGING

# Log at most 2 events per second with a prefix, then drop
sudo iptables -A LOGGING -m limit --limit 2/second -j LOG --log-prefix "IPT-DROP " --log-level 4
sudo iptables -A LOGGING -j DROP

# Then restart rsyslog
sudo systemctl restart rsyslog

# Limit SSH brute force using 'recent' module
sudo iptables -A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -m recent --set --name SSH
sudo iptables -A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -m recent --update --seconds 60 --hitcount 6 --rttl --name SSH -j DROP

# Limit overall new TCP connections to web ports
sudo iptables -A INPUT -p tcp -m multiport --dports 80,443 -m conntrack --ctstate NEW -m limit --limit 50/second --limit-burst 200 -j ACCEPT

# Allow limited ICMP echo requests (ping) to aid diagnostics
sudo iptables -A INPUT -p icmp --icmp-type echo-request -m limit --limit 1/second -j ACCEPT

# Already added earlier, but ensure invalids are dropped
sudo iptables -A INPUT -m conntrack --ctstate INVALID -j DROP

# Example: strict OUTPUT policy (advanced)
sudo iptables -P OUTPUT DROP
sudo iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
# Allow DNS to known resolvers
sudo iptables -A OUTPUT -p udp --dport 53 -d 1.1.1.1,8.8.8.8 -j ACCEPT
# Allow HTTP/HTTPS for updates
sudo iptables -A OUTPUT -p tcp -m multiport --dports 80,443 -j ACCEPT

# Watch rules file (Debian/Ubuntu persistence)
sudo auditctl -w /etc/iptables/rules.v4 -p wa -k iptables_rules

# Watch iptables binary execution
sudo auditctl -w /usr/sbin/iptables -p x -k iptables_exec

# Later, search logs
sudo ausearch -k iptables_rules
sudo ausearch -k iptables_exec

# Backup current rules
sudo iptables-save | sudo tee /root/iptables.prechange.$(date +%F-%H%M).rules

# Apply new rules (from a reviewed file)
sudo iptables-restore < /root/iptables.hardened.rules

# Schedule auto-rollback in 2 minutes (if you lose access)
echo "iptables-restore < /root/iptables.prechange.$(date +%F-%H%M).rules" | sudo at now + 2 minutes

# After confirming access is OK, remove the queued at job
atq  # find the job ID, then

# Create and populate an ipset
sudo ipset create blacklist hash:ip
sudo ipset add blacklist 203.0.113.10
sudo ipset add blacklist 198.51.100.0/24

# Match the set in IPTables and drop
sudo iptables -A INPUT -m set --match-set blacklist src -j DROP
