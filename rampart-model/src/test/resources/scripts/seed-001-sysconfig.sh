#!/bin/sh
# seeds/001 ("Secure your Server with iptables") writes its rules as lines of /etc/sysconfig/iptables
# (iptables-restore format). Here they are given as the equivalent iptables commands, in the guide's
# order, with the shell commands the guide mentions. Two typos of the page are fixed: a missing space in
# "-A FWALL-INPUT-p" and an en dash in "–p tcp"; the example addresses "x.x.x.x" are 192.0.2.10.

/etc/rc.d/init.d/iptables status
cp /etc/sysconfig/iptables /etc/sysconfig/iptables.backup

# *filter  :OUTPUT ACCEPT  :FORWARD ACCEPT  :FWALL-INPUT -  :INPUT ACCEPT
iptables -P OUTPUT ACCEPT
iptables -P FORWARD ACCEPT
iptables -N FWALL-INPUT
iptables -P INPUT ACCEPT
iptables -A INPUT -j FWALL-INPUT

# SYN flood protection ("should appear at the top of your rules, just above the first SSH entry")
iptables -A FWALL-INPUT -p tcp --syn -m limit --limit 5/second -j ACCEPT

#accept all incoming ssh traffic
iptables -A FWALL-INPUT -p tcp -m tcp -s 0/0 --dport 22 -j ACCEPT
#accept incoming ssh traffic from user John Doe
iptables -A FWALL-INPUT -p tcp -m tcp -s 192.0.2.10 --dport 22 -j ACCEPT

# manage ftp port traffic
iptables -A FWALL-INPUT -p tcp -m tcp --dport 21 -j ACCEPT
#My webmin custom port
iptables -A FWALL-INPUT -p tcp -m tcp --dport 42009 -j ACCEPT
#SNMP monitoring so I can use a remote monitoring tool
iptables -A FWALL-INPUT -p udp -m udp --dport 161 -j ACCEPT
iptables -A FWALL-INPUT -p udp -m udp --sport 1023:2999 -j ACCEPT

#POP mail
iptables -A FWALL-INPUT -p tcp -m tcp --dport 110 -j ACCEPT --syn
#HTTPS
iptables -A FWALL-INPUT -p tcp -m tcp --dport 443 -j ACCEPT --syn
#SMTP Traffic
iptables -A FWALL-INPUT -p tcp -m tcp --dport 25 -j ACCEPT --syn
#HTTP
iptables -A FWALL-INPUT -p tcp -m tcp --dport 80 -j ACCEPT --syn
#In my case - Urchin
iptables -A FWALL-INPUT -p tcp -m tcp --dport 9999 -j ACCEPT --syn
#MySQL database server
iptables -A FWALL-INPUT -p tcp -m tcp --dport 3306 -j ACCEPT --syn
iptables -A FWALL-INPUT -p udp -m udp --dport 3306 -j ACCEPT
#IMAP mail services
iptables -A FWALL-INPUT -p tcp -m tcp --dport 143 -j ACCEPT --syn
#DNS
iptables -A FWALL-INPUT -p tcp -m tcp --dport 53 -j ACCEPT --syn
iptables -A FWALL-INPUT -p udp -m udp --dport 53 -j ACCEPT
iptables -A FWALL-INPUT -p udp -m udp -s 0/0 -d 0/0 --sport 53 -j ACCEPT
#Localhost traffic
iptables -A FWALL-INPUT -i lo -j ACCEPT

#Block malicious system
iptables -A FWALL-INPUT -p tcp -m tcp -s 192.0.2.10 -j DROP

#Option 1 logging drop/reject actions
iptables -A FWALL-INPUT -j LOG --log-level alert
#Option 2 logging with a prefix for easy search/grep of log file
iptables -A FWALL-INPUT -j LOG --log-prefix "Dropped: "

#Drop all other new requests not meeting any existing rule requirements applied to traffic
iptables -A FWALL-INPUT -p tcp -m tcp -j REJECT --syn
iptables -A FWALL-INPUT -p udp -m udp -j REJECT
