#!/bin/sh
# Command examples of seeds/002 ("Firewall uptime and security with iptables"), in the guide's order.
# The page lost the addresses of Listing 12 ("-s  -i eth0"); the private subnet is 192.168.1.0/24 here.

sudo apt-get install nmap
iptables -L
iptables-save > /etc/iptables.rules
cat /etc/iptables.rules

# Listing 5. Established sessions rule
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -L
# Listing 6. Accepting inbound SSH connections
iptables -A INPUT -p tcp --dport ssh -j ACCEPT
# Listing 7. Blocking all incoming traffic
iptables -A INPUT -j DROP
# Listing 8 / 10. Saving the firewall rules
iptables-save > /etc/iptables.rules

# Listing 11 (/etc/network/interfaces): pre-up iptables-restore < /etc/iptables.rules

# Listing 12. NAT and forwarding rules
iptables -A FORWARD -s 192.168.1.0/24 -i eth0 -o eth1 -m\
conntrack --ctstate NEW -j ACCEPT
iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A POSTROUTING -t nat -j MASQUERADE

# Listing 13. Enabling forwarding in the server
sh -c "echo 1 > /proc/sys/net/ipv4/ip_forward"

# Listing 15. Increasing the ARP cache size
echo 1024 > /proc/sys/net/ipv4/neigh/default/gc_thresh1
echo 2048 > /proc/sys/net/ipv4/neigh/default/gc_thresh2
echo 4096 > /proc/sys/net/ipv4/neigh/default/gc_thresh3
