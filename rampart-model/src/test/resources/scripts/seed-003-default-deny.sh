#!/bin/sh
# Command examples of seeds/003 ("iptables Configuration & Security"), in the guide's order. The page
# shows several commands run together on one line; here each has its own line.

# Step 1: Flush Existing Rules
iptables -F

# Step 2: Allow Loopback Traffic
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT

# Step 3: Allow Established Connections
iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables -A OUTPUT -m state --state ESTABLISHED,RELATED -j ACCEPT

# Step 4: Allow SSH Access
iptables -A INPUT -p tcp --dport 22 -j ACCEPT

# Step 5: Set Default Policy to DROP
iptables -P INPUT DROP
iptables -P FORWARD DROP
iptables -P OUTPUT DROP

# Custom Chain for Open Ports
iptables -N OPEN_PORTS
iptables -A INPUT -j OPEN_PORTS

# HTTP & HTTPS (Web Server)
iptables -A OPEN_PORTS -p tcp --dport 80 -j ACCEPT
iptables -A OPEN_PORTS -p tcp --dport 443 -j ACCEPT

# Restrict MySQL to one IP
iptables -A OPEN_PORTS -p tcp -s 192.0.2.5 --dport 3306 -j ACCEPT

# Allow ping
iptables -A INPUT -p icmp -j ACCEPT
iptables -A OUTPUT -p icmp -j ACCEPT

# SYN Flood Protection (Rate Limit)
iptables -A INPUT -p tcp --dport 80 -m state --state NEW -m recent --update --seconds 60 --hitcount 50 -j DROP
iptables -A INPUT -p tcp --dport 80 -m state --state NEW -m recent --set -j ACCEPT

# Drop Invalid Packets (Anti-Scan)
iptables -A INPUT -p tcp --tcp-flags ALL NONE -j DROP
iptables -A INPUT -p tcp --tcp-flags ALL FIN,URG,PSH -j DROP
iptables -A INPUT -f -j DROP

# Log Dropped Packets
iptables -A INPUT -m limit --limit 5/min -j LOG --log-prefix "IPTABLES LIMITED: " --log-level 7
iptables -A INPUT -j LOG --log-prefix "IPTABLES DROPPED FINAL: " --log-level 7

# Verify Current Rules
iptables -L -n -v

# Save Persistently - Debian / Ubuntu
apt update && apt install iptables-persistent
netfilter-persistent save

# Save Persistently - CentOS / RHEL
service iptables save
