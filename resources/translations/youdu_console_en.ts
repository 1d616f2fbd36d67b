<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
    <context>
        <name>LdapPanel</name>
        <message numerus="yes">
            <source>%n OU(s)</source>
            <translation>
                <numerusform>%n OU</numerusform>
                <numerusform>%n OUs</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n person(s)</source>
            <translation>
                <numerusform>%n person</numerusform>
                <numerusform>%n people</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>LdapPicker</name>
        <message numerus="yes">
            <source>%n OU(s)</source>
            <translation>
                <numerusform>%n OU</numerusform>
                <numerusform>%n OUs</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n person(s)</source>
            <translation>
                <numerusform>%n person</numerusform>
                <numerusform>%n people</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>LiveViews</name>
        <message numerus="yes">
            <source>○ Offline, %n request(s) queued</source>
            <translation>
                <numerusform>○ Offline, %n request queued</numerusform>
                <numerusform>○ Offline, %n requests queued</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>MemberPane</name>
        <message numerus="yes">
            <source>Move %n member(s) to:</source>
            <translation>
                <numerusform>Move %n member to:</numerusform>
                <numerusform>Move %n members to:</numerusform>
            </translation>
        </message>
    </context>
</TS>
