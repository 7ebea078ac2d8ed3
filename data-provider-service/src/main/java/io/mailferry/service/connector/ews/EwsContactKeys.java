package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.port.interchange.ContactItem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import microsoft.exchange.webservices.data.core.enumeration.property.EmailAddressKey;
import microsoft.exchange.webservices.data.core.enumeration.property.PhoneNumberKey;
import microsoft.exchange.webservices.data.core.enumeration.property.PhysicalAddressKey;

/**
 * A contact's indexed fields (learn.microsoft.com/exchange/client-developer/web-service-reference/entry-
 * physicaladdressdictionaryentrytype and its phone and e-mail siblings): the keys Exchange files addresses, phone
 * numbers and e-mail addresses under, and the neutral places and types they stand for. Exchange holds one address
 * per place, one number per key and three e-mail addresses; further ones have no slot.
 */
final class EwsContactKeys {
    /** The phone keys read and written, in order, with their neutral types. */
    static final Map<PhoneNumberKey, ContactItem.Phone.Type> PHONES = phones();
    static final EmailAddressKey[] EMAILS = {EmailAddressKey.EmailAddress1, EmailAddressKey.EmailAddress2,
        EmailAddressKey.EmailAddress3};

    private EwsContactKeys() {
    }

    private static Map<PhoneNumberKey, ContactItem.Phone.Type> phones() {
        Map<PhoneNumberKey, ContactItem.Phone.Type> m = new LinkedHashMap<>();
        m.put(PhoneNumberKey.BusinessPhone, ContactItem.Phone.Type.WORK);
        m.put(PhoneNumberKey.BusinessPhone2, ContactItem.Phone.Type.WORK);
        m.put(PhoneNumberKey.HomePhone, ContactItem.Phone.Type.HOME);
        m.put(PhoneNumberKey.HomePhone2, ContactItem.Phone.Type.HOME);
        m.put(PhoneNumberKey.MobilePhone, ContactItem.Phone.Type.MOBILE);
        m.put(PhoneNumberKey.BusinessFax, ContactItem.Phone.Type.WORK_FAX);
        m.put(PhoneNumberKey.HomeFax, ContactItem.Phone.Type.HOME_FAX);
        m.put(PhoneNumberKey.OtherTelephone, ContactItem.Phone.Type.OTHER);
        return Collections.unmodifiableMap(m);
    }

    static ContactItem.Place place(PhysicalAddressKey key) {
        return switch (key) {
            case Business -> ContactItem.Place.WORK;
            case Home -> ContactItem.Place.HOME;
            default -> ContactItem.Place.OTHER;
        };
    }

    static PhysicalAddressKey key(ContactItem.Place place) {
        return switch (place) {
            case WORK -> PhysicalAddressKey.Business;
            case HOME -> PhysicalAddressKey.Home;
            default -> PhysicalAddressKey.Other;
        };
    }

    /** The first key of {@code type} not in {@code taken}, or null when every slot of that type is used. */
    static PhoneNumberKey key(ContactItem.Phone.Type type, java.util.Set<PhoneNumberKey> taken) {
        for (Map.Entry<PhoneNumberKey, ContactItem.Phone.Type> e : PHONES.entrySet()) {
            if (e.getValue() == type && !taken.contains(e.getKey())) {
                return e.getKey();
            }
        }
        return null;
    }
}
